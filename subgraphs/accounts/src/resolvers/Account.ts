import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import type { ClientRecord } from '../data/dcrRepository';
import type { AccountResolvers } from '../generated/resolvers';
import { registrable } from '../selfservice/mfaState';

/** The account, or null when absent or not visible to the caller (never an existence leak). */
export async function loadVisibleAccount(
  id: string,
  ctx: AccountsContext,
): Promise<AccountRecord | null> {
  if (!ctx.services.authz.canReadAccount(ctx.auth, id)) return null;
  return ctx.loaders.accountById.load(id);
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const EMPTY_MFA = {
  registeredFactors: { factors: [] },
  registrableFactors: { factors: [] },
  preferences: null,
  recoveryCodeBatch: null,
};

export const Account: AccountResolvers = {
  __resolveReference: (ref, ctx) => loadVisibleAccount(ref.id, ctx),
  meta: (a) => ({
    resourceType: 'User',
    created: seconds(a.createdMs),
    lastModified: seconds(a.lastModifiedMs),
  }),
  devices: (a) => a.devices ?? [],
  linkedAccounts: (a) => a.linkedAccounts ?? [],
  /**
   * The stored opt-in MFA state (empty lists where nothing is registered), and the configured
   * factors not registered yet, each saying whether the account already has what it needs.
   */
  mfaOptIn(a, _, ctx) {
    const stored = { ...EMPTY_MFA, ...((a.mfaOptIn as object | undefined) ?? {}) };
    const done = (stored.registeredFactors as { factors: { acr: string }[] }).factors;
    const registered = new Set(done.map((f) => f.acr));
    const cfg = ctx.services.selfService;
    const factors = cfg.mfa.factors
      .filter((o) => !registered.has(o.acr))
      .map((o) => registrable(cfg, a, o));
    return { ...stored, registrableFactors: { factors } };
  },
  /** Batched: the clients of every account in a page cost one pipeline plus one for the clients. */
  async dynamicClients(a, _, ctx): Promise<ClientRecord[]> {
    try {
      ctx.services.authz.reach(ctx.auth, 'read', 'clients');
    } catch {
      return [];
    }
    const ids = await ctx.loaders.clientIdsByUser.load(a.userName);
    const clients = await ctx.loaders.clientById.loadMany(ids);
    return clients.filter((c): c is ClientRecord => c !== null && !(c instanceof Error));
  },
};
