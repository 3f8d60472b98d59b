import { randomBytes } from 'node:crypto';
import { BaseRepository } from './baseRepository';
import { ContainerRegistriesRepository } from './containerRegistries';
import type { DomainDoc, RecordDoc, ScalingGroupAssocDoc } from './documents';
import { GroupMembersRepository, GroupsRepository } from './groupsRepository';
import { type KeyPairSignals, noSignals } from './keypairSignals';
import { KeyPairsRepository } from './keypairsRepository';
import { listingRepositories } from './listing';
import type { MongoStore } from './mongo';
import { SecretBox } from './secretBox';
import { UsersRepository } from './usersRepository';

const byName = (collection: string, store: MongoStore, extra: string[] = []) =>
  new BaseRepository<RecordDoc>(
    store,
    collection,
    [
      { keys: { name: 1 }, name: 'name_unique', unique: true, field: 'name' },
      ...extra.map((f) => ({ keys: { [f]: 1 as const }, name: f })),
    ],
    'name',
  );

export function buildRepositories(
  store: MongoStore,
  box: SecretBox,
  signals: KeyPairSignals = noSignals,
) {
  return {
    store,
    signals,
    ...listingRepositories(store, box),
    users: new UsersRepository(store),
    keypairs: new KeyPairsRepository(store, box),
    domains: new BaseRepository<DomainDoc>(
      store,
      'domains',
      [
        { keys: { name: 1 }, name: 'name_unique', unique: true, field: 'name' },
        { keys: { is_active: 1 }, name: 'is_active' },
      ],
      'name',
    ),
    groups: new GroupsRepository(store),
    members: new GroupMembersRepository(store),
    keypairPolicies: byName('keypair_resource_policies', store),
    userPolicies: byName('user_resource_policies', store),
    projectPolicies: byName('project_resource_policies', store),
    presets: byName('resource_presets', store),
    scalingGroups: byName('scaling_groups', store, ['is_active']),
    sgroupAssocs: new BaseRepository<ScalingGroupAssocDoc>(store, 'scaling_group_assocs', [
      { keys: { owner: 1 }, name: 'owner' },
      { keys: { scaling_group: 1 }, name: 'scaling_group' },
    ]),
    images: new BaseRepository<RecordDoc>(store, 'images', [
      {
        keys: { ref: 1, architecture: 1 },
        name: 'ref_architecture_unique',
        unique: true,
        field: 'reference',
      },
      { keys: { aliases: 1 }, name: 'aliases' },
      { keys: { registry: 1 }, name: 'registry' },
    ]),
    agents: new BaseRepository<RecordDoc>(
      store,
      'agents',
      [
        'status',
        'status_changed',
        'region',
        'scaling_group',
        'schedulable',
        'addr',
        'first_contact',
        'lost_at',
        'version',
      ].map((f) => ({ keys: { [f]: 1 as const }, name: f })),
    ),
    sessions: new BaseRepository<RecordDoc>(
      store,
      'sessions',
      [
        'type',
        'name',
        'image',
        'agent_ids',
        'domain_name',
        'group_id',
        'group_name',
        'user_email',
        'user_id',
        'full_name',
        'access_key',
        'scaling_group',
        'cluster_mode',
        'cluster_size',
        'status',
        'status_info',
        'result',
        'created_at',
        'terminated_at',
        'starts_at',
        'scheduled_at',
      ].map((f) => ({ keys: { [f]: 1 as const }, name: f })),
    ),
    containerRegistries: new ContainerRegistriesRepository(store, box),
    containers: new BaseRepository<RecordDoc>(
      store,
      'containers',
      ['session_id', 'role', 'status', 'created_at', 'agent', 'idx'].map((f) => ({
        keys: { [f]: 1 as const },
        name: f,
      })),
    ),
  };
}

export type Repositories = ReturnType<typeof buildRepositories>;

export async function ensureAllIndexes(repos: Repositories): Promise<void> {
  for (const repo of Object.values(repos)) {
    if (repo instanceof BaseRepository) await repo.ensureIndexes();
  }
}

/** The names of every collection the admin subgraph keeps (e.g. for the embedded server's snapshots). */
export function adminCollectionNames(): string[] {
  const names: string[] = [];
  const db = { collection: (name: string) => (names.push(name), {}) };
  // A throwaway key: only the names are read, but building the repositories derives keys from the box.
  buildRepositories({ db } as unknown as MongoStore, new SecretBox(randomBytes(32)));
  return [...new Set(names)];
}
