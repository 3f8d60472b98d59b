import { BaseRepository } from './baseRepository';
import type { DomainDoc } from './documents';
import type { MongoStore } from './mongo';
import type { Peers } from './peers';
import { eqAll } from './query';

export type NewDomain = Omit<DomainDoc, '_id' | 'name' | 'created_at' | 'modified_at'>;

/** Why purge_domain did not purge. */
export type DomainPurge = 'purged' | 'missing' | 'in use';

/** Domains: `_id` is the name. */
export class DomainsRepository extends BaseRepository<DomainDoc> {
  constructor(
    store: MongoStore,
    private readonly peers: Peers,
  ) {
    super(
      store,
      'domains',
      [
        { keys: { name: 1 }, name: 'name_unique', unique: true, field: 'name' },
        { keys: { is_active: 1 }, name: 'is_active' },
      ],
      'name',
    );
  }

  byNames(names: readonly string[]): Promise<(DomainDoc | null)[]> {
    return this.byField('_id', names);
  }

  /** `domains`: ordered by name, optionally only active (or inactive) ones. */
  list(isActive?: boolean): Promise<DomainDoc[]> {
    return this.find(eqAll({ is_active: isActive }), [['name', 1]]);
  }

  create(name: string, fields: NewDomain): Promise<DomainDoc> {
    const now = new Date();
    return this.insert({ ...fields, _id: name, name, created_at: now, modified_at: now });
  }

  /** Sets `fields`; null when no such domain. */
  modify(name: string, fields: Partial<DomainDoc>): Promise<DomainDoc | null> {
    return this.update({ _id: name }, { ...fields, modified_at: new Date() });
  }

  /** delete_domain: marks it inactive; false when no such domain. */
  async deactivate(name: string): Promise<boolean> {
    return (await this.modify(name, { is_active: false })) !== null;
  }

  /** purge_domain: only an empty domain (no users, no groups) goes, with its associations. */
  async purge(name: string): Promise<DomainPurge> {
    if (!(await this.exists(name))) return 'missing';
    const [users, groups] = await Promise.all([
      this.peers.users.anyInDomain(name),
      this.peers.groups.anyInDomain(name),
    ]);
    if (users || groups) return 'in use';
    await this.store.transaction(async (session) => {
      await this.peers.sgroupAssocs.removeOwner({ kind: 'domain', id: name }, session);
      await this.deleteMany({ _id: name }, session);
    });
    return 'purged';
  }
}
