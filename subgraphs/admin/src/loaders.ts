import DataLoader from 'dataloader';
import type {
  DomainDoc,
  GroupDoc,
  GroupMemberDoc,
  KeyPairDoc,
  RecordDoc,
  UserDoc,
} from './data/documents';
import type { ContainerRegistryDoc, ListText } from './data/containerRegistries';
import type { KeyPairStats } from './data/keypairSignals';
import type { Repositories } from './data/repositories';
import type { FieldMap } from './minilang/compile';

/**
 * `KeyPair.compute_sessions` keys: `<status or "">\u0000<access key>`. One repository call per
 * distinct status in a batch.
 */
async function sessionsByStatusAndKey(
  repos: Repositories,
  keys: readonly string[],
): Promise<RecordDoc[][]> {
  const byStatus = new Map<string, string[]>();
  for (const k of keys) {
    const [status = '', ak = ''] = k.split('\u0000');
    byStatus.set(status, [...(byStatus.get(status) ?? []), ak]);
  }
  const found = new Map<string, RecordDoc[]>();
  for (const [status, aks] of byStatus) {
    const lists = await repos.sessions.newestByAccessKeys(aks, status || undefined, 100);
    aks.forEach((ak, i) => found.set(`${status}\u0000${ak}`, lists[i] ?? []));
  }
  return keys.map((k) => found.get(k) ?? []);
}

type RegistryGroupsLoader = DataLoader<ContainerRegistryDoc, GroupDoc[], string>;

/**
 * `ContainerRegistryNode.allowed_groups`: one loader per distinct filter/order, so the groups of
 * every registry on a page cost one query in all (every group for a global registry).
 */
function registryGroupLoaders(repos: Repositories) {
  const byList = new Map<string, RegistryGroupsLoader>();
  return (list: ListText, fields: FieldMap): RegistryGroupsLoader => {
    const key = JSON.stringify([list.filter ?? null, list.order ?? null]);
    let loader = byList.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (regs) => {
          const groups = await repos.containerRegistries.groupsOf(regs, list, fields);
          return regs.map((r) =>
            r.is_global === true ? groups : groups.filter((g) => r.allowed_groups.includes(g._id)),
          );
        },
        { cacheKeyFn: (r) => r._id },
      );
      byList.set(key, loader);
    }
    return loader;
  };
}

/** One DataLoader per entity fetched by key: a page of N items costs a constant number of round trips. */
export function buildLoaders(repos: Repositories) {
  return {
    userByEmail: new DataLoader<string, UserDoc | null>((emails) => repos.users.byEmails(emails)),
    userById: new DataLoader<string, UserDoc | null>((ids) => repos.users.byIds(ids)),
    keypairByAccessKey: new DataLoader<string, KeyPairDoc | null>((aks) =>
      repos.keypairs.byAccessKeys(aks),
    ),
    keypairsByUser: new DataLoader<string, KeyPairDoc[]>((uuids) => repos.keypairs.byUsers(uuids)),
    keypairStats: new DataLoader<string, KeyPairStats>((aks) => repos.signals.stats(aks)),
    domainByName: new DataLoader<string, DomainDoc | null>((names) => repos.domains.byNames(names)),
    groupById: new DataLoader<string, GroupDoc | null>((ids) => repos.groups.byIds(ids)),
    membershipsByUser: new DataLoader<string, GroupMemberDoc[]>((ids) =>
      repos.members.byUsers(ids),
    ),
    /** Sessions holding resources, per access key (KeyPair.concurrency_used). */
    activeSessionCount: new DataLoader<string, number>((aks) =>
      repos.sessions.countActiveByAccessKeys(aks),
    ),
    /** KeyPair.compute_sessions: newest first, at most 100 per key (see newestByAccessKeys). */
    sessionsByAccessKey: new DataLoader<string, RecordDoc[]>((keys) =>
      sessionsByStatusAndKey(repos, keys),
    ),
    /** Keyed by owner (data/scalingGroupsRepository ownerKey): `domain:<name>`, `group:<uuid>`, `keypair:<ak>`. */
    scalingGroupsByOwner: new DataLoader<string, string[]>((owners) =>
      repos.sgroupAssocs.namesByOwners(owners),
    ),
    registryGroups: registryGroupLoaders(repos),
  };
}

export type Loaders = ReturnType<typeof buildLoaders>;
