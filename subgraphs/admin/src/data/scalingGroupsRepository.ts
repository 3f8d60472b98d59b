import type { ClientSession } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { RecordDoc, ScalingGroupAssocDoc } from './documents';
import { MissingReferenceError } from './errors';
import { and } from './minilangMongo';
import type { MongoStore } from './mongo';
import { NamedRepository } from './namedRepository';
import type { Peers } from './peers';
import { eqAll } from './query';

/** What a scaling group can be allowed for (Backend.AI's sgroups_for_domains/groups/keypairs). */
export type OwnerKind = 'domain' | 'group' | 'keypair';
export interface SgOwner {
  kind: OwnerKind;
  id: string;
}

/** The owner as stored and as the `scalingGroupsByOwner` loader is keyed: `<kind>:<id>`. */
export const ownerKey = (o: SgOwner): string => `${o.kind}:${o.id}`;

/** The allowed (owner, scaling group) pairs, one document per pair. */
export class ScalingGroupAssocsRepository extends BaseRepository<ScalingGroupAssocDoc> {
  constructor(store: MongoStore) {
    super(store, 'scaling_group_assocs', [
      { keys: { owner: 1 }, name: 'owner' },
      { keys: { scaling_group: 1 }, name: 'scaling_group' },
    ]);
  }

  /** The scaling-group names allowed for each owner key, in the order asked (one round trip). */
  async namesByOwners(owners: readonly string[]): Promise<string[][]> {
    return (await this.groupedBy('owner', owners)).map((l) => l.map((a) => a.scaling_group));
  }

  /** Drops every association of the owner (all of them, or only those naming `names`). */
  async removeOwner(o: SgOwner, session?: ClientSession, names?: readonly string[]) {
    const scope = names ? { scaling_group: { $in: [...names] } } : {};
    await this.deleteMany({ owner: ownerKey(o), ...scope }, session);
  }

  /** Drops the keypairs' associations (purging a user). */
  async removeKeypairs(accessKeys: readonly string[], session: ClientSession): Promise<void> {
    await this.deleteMany({ owner: { $in: accessKeys.map((k) => `keypair:${k}`) } }, session);
  }

  /** Adds the pairs not present yet, in one transaction. */
  async add(o: SgOwner, names: readonly string[]): Promise<void> {
    const owner = ownerKey(o);
    await this.store.transaction(async (session) => {
      for (const sg of new Set(names)) {
        const _id = `${owner}/${sg}`;
        if (!(await this.byId(_id, session)))
          await this.insert({ _id, owner, scaling_group: sg }, session);
      }
    });
  }
}

/** Scaling groups (resource groups): name-keyed; deleting one drops its associations. */
export class ScalingGroupsRepository extends NamedRepository {
  constructor(
    store: MongoStore,
    private readonly peers: Peers,
  ) {
    super(store, 'scaling_groups', ['is_active']);
  }

  protected override async onRemove(name: string, session: ClientSession): Promise<void> {
    await this.peers.sgroupAssocs.deleteMany({ scaling_group: name }, session);
  }

  /** `scaling_groups` and the `*_for_*` fields: ordered by name. */
  list(f: { name?: string; names?: readonly string[]; isActive?: boolean }): Promise<RecordDoc[]> {
    const filter = and(
      eqAll({ _id: f.name, is_active: f.isActive }),
      f.names ? { _id: { $in: [...f.names] } } : undefined,
    );
    return this.find(filter, [['name', 1]]);
  }

  private async requireOwner(o: SgOwner): Promise<void> {
    const repo =
      o.kind === 'domain'
        ? this.peers.domains
        : o.kind === 'group'
          ? this.peers.groups
          : this.peers.keypairs;
    if (!(await repo.exists(o.id)))
      throw new MissingReferenceError(o.kind === 'group' ? 'user group' : o.kind, o.id);
  }

  /** Allows the scaling groups for the owner; every one and the owner must exist. */
  async associate(o: SgOwner, names: readonly string[]): Promise<void> {
    await this.requireOwner(o);
    const found = await this.find({ _id: { $in: [...names] } });
    const missing = names.find((n) => !found.some((f) => f._id === n));
    if (missing !== undefined) throw new MissingReferenceError('scaling group', missing);
    await this.peers.sgroupAssocs.add(o, names);
  }

  /** Withdraws the scaling groups from the owner, which must exist. */
  async disassociate(o: SgOwner, names: readonly string[]): Promise<void> {
    await this.requireOwner(o);
    await this.peers.sgroupAssocs.removeOwner(o, undefined, names);
  }

  /** disassociate_all_*: drops every association of the owner (no existence check, as before). */
  disassociateAll(o: SgOwner): Promise<void> {
    return this.peers.sgroupAssocs.removeOwner(o);
  }
}
