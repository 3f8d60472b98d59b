import DataLoader from 'dataloader';
import type {
  DomainDoc,
  GroupDoc,
  GroupMemberDoc,
  KeyPairDoc,
  RecordDoc,
  UserDoc,
} from './data/documents';
import type { KeyPairStats } from './data/keypairSignals';
import type { Repositories } from './data/repositories';

const ACTIVE_SESSION_STATUSES = [
  'PREPARING',
  'PULLING',
  'PREPARED',
  'CREATING',
  'RUNNING',
  'RESTARTING',
  'RUNNING_DEGRADED',
] as const;

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
    domainByName: new DataLoader<string, DomainDoc | null>((names) =>
      repos.domains.byField('_id', names),
    ),
    groupById: new DataLoader<string, GroupDoc | null>((ids) => repos.groups.byField('_id', ids)),
    membershipsByUser: new DataLoader<string, GroupMemberDoc[]>((ids) =>
      repos.members.groupedBy('user_id', ids),
    ),
    /** Sessions holding resources, per access key (KeyPair.concurrency_used). */
    activeSessionCount: new DataLoader<string, number>(async (aks) => {
      const sessions = await repos.sessions.find({
        access_key: { $in: [...aks] },
        status: { $in: [...ACTIVE_SESSION_STATUSES] },
      });
      return aks.map((ak) => sessions.filter((s) => s.access_key === ak).length);
    }),
    /**
     * KeyPair.compute_sessions: newest first, at most 100 per key, one query per distinct status filter.
     * Keyed by `<status or "">\u0000<access key>`. The query is capped at 100 × keys, so one key with
     * very many sessions can crowd out others in the same batch; the cap keeps memory bounded.
     */
    sessionsByAccessKey: new DataLoader<string, RecordDoc[]>(async (keys) => {
      const byStatus = new Map<string, string[]>();
      for (const k of keys) {
        const [status = '', ak = ''] = k.split('\u0000');
        byStatus.set(status, [...(byStatus.get(status) ?? []), ak]);
      }
      const found = new Map<string, RecordDoc[]>();
      for (const [status, aks] of byStatus) {
        const filter = { access_key: { $in: aks }, ...(status ? { status: { $eq: status } } : {}) };
        for (const s of await repos.sessions.find(filter, [['created_at', -1]], 100 * aks.length)) {
          const key = `${status}\u0000${String(s.access_key)}`;
          const list = found.get(key) ?? [];
          if (list.length < 100) found.set(key, [...list, s]);
        }
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
    /** Keyed by owner: `domain:<name>`, `group:<uuid>` or `keypair:<access key>`. */
    scalingGroupsByOwner: new DataLoader<string, string[]>(async (owners) =>
      (await repos.sgroupAssocs.groupedBy('owner', owners)).map((list) =>
        list.map((a) => a.scaling_group),
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof buildLoaders>;
