import type { AgentsRepository } from './agentsRepository';
import type { DomainsRepository } from './domainsRepository';
import type { GroupMembersRepository, GroupsRepository } from './groupsRepository';
import type { ImagesRepository } from './imagesRepository';
import type { KeyPairSignals } from './keypairSignals';
import type { KeyPairsRepository } from './keypairsRepository';
import type { MongoStore } from './mongo';
import type { NamedRepository } from './namedRepository';
import type {
  ScalingGroupAssocsRepository,
  ScalingGroupsRepository,
} from './scalingGroupsRepository';
import type { ContainersRepository, SessionsRepository } from './sessionsRepository';
import type { UsersRepository } from './usersRepository';

/**
 * The repositories as each one sees the others: an operation that spans aggregates (a user with
 * its keypairs, a group with its members) runs in the repository that owns it, reaching the
 * other collections through here. Filled in by buildRepositories once all exist.
 */
export interface Peers {
  store: MongoStore;
  signals: KeyPairSignals;
  users: UsersRepository;
  keypairs: KeyPairsRepository;
  domains: DomainsRepository;
  groups: GroupsRepository;
  members: GroupMembersRepository;
  keypairPolicies: NamedRepository;
  userPolicies: NamedRepository;
  projectPolicies: NamedRepository;
  presets: NamedRepository;
  scalingGroups: ScalingGroupsRepository;
  sgroupAssocs: ScalingGroupAssocsRepository;
  images: ImagesRepository;
  agents: AgentsRepository;
  sessions: SessionsRepository;
  containers: ContainersRepository;
}
