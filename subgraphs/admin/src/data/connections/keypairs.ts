import type { KeyPairDoc } from '../documents';
import { allOf, scopeConditions } from './mongoFilter';
import type { NestedPages } from './nested';
import type { ConnectionStore } from './reader';
import type { KeypairScope } from './scope';
import type { FilterRules } from './v2Filter';
import { compileV2List, type V2List, type V2Spec } from './v2List';
import type { PageWindow } from './window';

const PATHS = { owner: 'user' } as const;

export const KEYPAIR_V2_RULES: FilterRules = {
  isActive: { kind: 'bool', path: 'is_active' },
  isAdmin: { kind: 'bool', path: 'is_admin' },
  accessKey: { kind: 'string', path: '_id' },
  resourcePolicy: { kind: 'string', path: 'resource_policy' },
  userId: { kind: 'uuid', path: 'user' },
  createdAt: { kind: 'datetime', path: 'created_at' },
};

export const KEYPAIR_V2_ORDER: Record<string, string> = {
  CREATED_AT: 'created_at',
  ACCESS_KEY: '_id',
  IS_ACTIVE: 'is_active',
  RESOURCE_POLICY: 'resource_policy',
};

const V2: V2Spec = {
  rules: KEYPAIR_V2_RULES,
  order: KEYPAIR_V2_ORDER,
  fallback: [['created_at', -1]],
};

/** Pages of keypairs: myKeypairs, adminKeypairsV2 and a keypair policy's keypairs. */
export class KeypairConnections {
  constructor(
    private readonly reads: ConnectionStore,
    private readonly nested: NestedPages,
  ) {}

  /** A root keypair list (`myKeypairs`, `adminKeypairsV2`) under `scope`. */
  async pageV2(
    field: 'myKeypairs' | 'adminKeypairsV2',
    scope: KeypairScope,
    list: V2List,
    window: PageWindow,
  ) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    const where = allOf(...scopeConditions(scope, PATHS), filter);
    return this.reads.page<KeyPairDoc>(
      { field, collection: 'keypairs', filter: where, sort },
      window,
    );
  }

  /** KeypairResourcePolicyV2.keypairs: the keypairs under one policy. */
  async ofPolicyV2(policy: string, list: V2List, window: PageWindow) {
    const { filter, sort } = await compileV2List(list, V2, this.reads);
    return this.nested.byParentField<KeyPairDoc>(
      {
        field: 'KeypairResourcePolicyV2.keypairs',
        collection: 'keypairs',
        parentPath: 'resource_policy',
      },
      policy,
      { filter: allOf(filter), sort },
      window,
    );
  }
}
