import { randomBytes } from 'node:crypto';
import { AgentsRepository } from './agentsRepository';
import { BaseRepository } from './baseRepository';
import { ContainerRegistriesRepository } from './containerRegistries';
import { DomainsRepository } from './domainsRepository';
import { GroupMembersRepository, GroupsRepository } from './groupsRepository';
import { ImagesRepository } from './imagesRepository';
import { type KeyPairSignals, noSignals } from './keypairSignals';
import { KeyPairsRepository } from './keypairsRepository';
import { listingRepositories } from './listing';
import type { MongoStore } from './mongo';
import { NamedRepository } from './namedRepository';
import type { Peers } from './peers';
import { ScalingGroupAssocsRepository, ScalingGroupsRepository } from './scalingGroupsRepository';
import { SecretBox } from './secretBox';
import { ContainersRepository, SessionsRepository } from './sessionsRepository';
import { UsersRepository } from './usersRepository';

/**
 * One repository per aggregate, each the only code that talks to its collection; resolvers call
 * their intent methods (users.listScoped, groups.modify, keypairs.remove, …). The names are
 * stable: the Relay/V2 readers, seeding scripts and tests reach collections through them.
 */
export function buildRepositories(
  store: MongoStore,
  box: SecretBox,
  signals: KeyPairSignals = noSignals,
) {
  const peers = { store, signals } as Peers;
  const aggregates: Peers = {
    store,
    signals,
    users: new UsersRepository(store, peers),
    keypairs: new KeyPairsRepository(store, box, peers),
    domains: new DomainsRepository(store, peers),
    groups: new GroupsRepository(store, peers),
    members: new GroupMembersRepository(store),
    keypairPolicies: new NamedRepository(store, 'keypair_resource_policies'),
    userPolicies: new NamedRepository(store, 'user_resource_policies'),
    projectPolicies: new NamedRepository(store, 'project_resource_policies'),
    presets: new NamedRepository(store, 'resource_presets'),
    scalingGroups: new ScalingGroupsRepository(store, peers),
    sgroupAssocs: new ScalingGroupAssocsRepository(store),
    images: new ImagesRepository(store),
    agents: new AgentsRepository(store, peers),
    sessions: new SessionsRepository(store),
    containers: new ContainersRepository(store),
  };
  Object.assign(peers, aggregates);
  return {
    ...listingRepositories(store, box),
    ...aggregates,
    containerRegistries: new ContainerRegistriesRepository(store, box),
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
