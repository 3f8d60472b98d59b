import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import type { KeyPairDoc } from '../../data/documents';
import { canSeeUser, requireSuperadmin, requireUser } from '../../rules';
import { and } from '../helpers';
import { type ConnectionArgs, connection } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { compileV2Filter, compileV2Order, type FilterRules } from './filters';

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

export type V2ListArgs = ConnectionArgs & {
  filter?: Record<string, unknown> | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] | null;
};

export async function keypairQuery(args: V2ListArgs) {
  return {
    filter: await compileV2Filter(args.filter, KEYPAIR_V2_RULES),
    sort: compileV2Order(args.orderBy, KEYPAIR_V2_ORDER, [['created_at', -1]]),
  };
}

export const v2KeypairQueries = {
  async myKeypairs(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    const q = await keypairQuery(args);
    return connection<KeyPairDoc>(
      ctx,
      {
        field: 'myKeypairs',
        collection: 'keypairs',
        filter: and({ user: { $eq: me.uuid } }, q.filter),
        sort: q.sort,
      },
      args,
    );
  },
  async adminKeypairV2(_: unknown, args: { accessKey: string }, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const kp = await ctx.loaders.keypairByAccessKey.load(args.accessKey);
    if (!kp) throw new GraphQLError('Keypair not found.', { extensions: { code: 'NOT_FOUND' } });
    return kp;
  },
  async adminKeypairsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return connection<KeyPairDoc>(
      ctx,
      { field: 'adminKeypairsV2', collection: 'keypairs', ...(await keypairQuery(args)) },
      args,
    );
  },
};

/** KeyPairV2 over a stored keypair: the sealed secret is never read here. */
export const KeyPairV2 = {
  id: (kp: KeyPairDoc) => toGlobalId('KeyPairV2', kp._id),
  accessKey: (kp: KeyPairDoc) => kp._id,
  isActive: (kp: KeyPairDoc) => kp.is_active,
  isAdmin: (kp: KeyPairDoc) => kp.is_admin,
  isDefault: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.userById.load(kp.user))?.main_access_key === kp._id,
  createdAt: (kp: KeyPairDoc) => kp.created_at,
  modifiedAt: (kp: KeyPairDoc) => kp.modified_at,
  lastUsed: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp._id)).last_used,
  rateLimit: (kp: KeyPairDoc) => kp.rate_limit,
  numQueries: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp._id)).num_queries,
  resourcePolicy: (kp: KeyPairDoc) => kp.resource_policy,
  sshPublicKey: (kp: KeyPairDoc) => kp.ssh_public_key ?? null,
  userId: (kp: KeyPairDoc) => kp.user,
  async user(kp: KeyPairDoc, _: unknown, ctx: AdminContext) {
    const u = await ctx.loaders.userById.load(kp.user);
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
};
