import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import type { ClientRecord } from '../data/dcrRepository';
import { forbidden } from '../errors';
import { checkArgument } from '../rules';
import { clientsReach, sameUser } from './DynamicallyRegisteredClient';
import { connection, pageSize, type SortingInput, sortOf } from './paging';

type Root = unknown;
type ListArgs = { first?: number | null; after?: string | null; sorting?: SortingInput | null };
type FilteringInput = {
  filterBy: 'userName' | 'email';
  filterType: 'STARTS_WITH' | 'ENDS_WITH';
  filter: string;
};
type AccountsArgs = ListArgs & {
  activeAccountsOnly?: boolean | null;
  filtering?: FilteringInput | null;
};
type ClientsArgs = ListArgs & {
  templateClient?: string | null;
  userName?: string | null;
  activeClientsOnly?: boolean | null;
};
type UniqueArg = 'userName' | 'email' | 'phoneNumber';

const UNIQUE_LOADER = {
  userName: (ctx: AccountsContext) => ctx.loaders.accountIdByUserName,
  email: (ctx: AccountsContext) => ctx.loaders.accountIdByEmail,
  phoneNumber: (ctx: AccountsContext) => ctx.loaders.accountIdByPhone,
} as const;

/** Lookup by a unique attribute: a self-service caller gets FORBIDDEN for anything but its own account. */
async function byUnique(
  arg: UniqueArg,
  value: string,
  ctx: AccountsContext,
): Promise<AccountRecord | null> {
  checkArgument(arg, value);
  const reach = ctx.services.authz.reach(ctx.auth, 'read', 'accounts');
  const id = await UNIQUE_LOADER[arg](ctx).load(value);
  if (reach.kind === 'self' && id !== reach.accountId) throw forbidden();
  return id ? ctx.loaders.accountById.load(id) : null;
}

function present<T>(rows: (T | Error | null)[]): (T | null)[] {
  return rows.map((r) => (r instanceof Error ? null : r));
}

export const Query = {
  accountById(_: Root, args: { accountId: string }, ctx: AccountsContext) {
    checkArgument('accountId', args.accountId);
    ctx.services.authz.requireAccount(ctx.auth, 'read', args.accountId);
    return ctx.loaders.accountById.load(args.accountId);
  },
  accountByUserName: (_: Root, args: { userName: string }, ctx: AccountsContext) =>
    byUnique('userName', args.userName, ctx),
  accountByEmail: (_: Root, args: { email: string }, ctx: AccountsContext) =>
    byUnique('email', args.email, ctx),
  accountByPhoneNumber: (_: Root, args: { phoneNumber: string }, ctx: AccountsContext) =>
    byUnique('phoneNumber', args.phoneNumber, ctx),

  async accounts(_: Root, args: AccountsArgs, ctx: AccountsContext) {
    if (ctx.services.authz.reach(ctx.auth, 'read', 'accounts').kind !== 'all') throw forbidden();
    const sort = sortOf(args.sorting);
    const f = args.filtering;
    if (f) checkArgument('filter', f.filter);
    const page = await ctx.repos.accountSearch.list({
      activeOnly: args.activeAccountsOnly !== false,
      first: pageSize(args.first, ctx),
      ...(args.after ? { after: args.after } : {}),
      ...(sort ? { sort } : {}),
      ...(f ? { filter: { by: f.filterBy, type: f.filterType, value: f.filter } } : {}),
    });
    return connection(page, present(await ctx.loaders.accountById.loadMany(page.ids)));
  },

  credentialPolicy(_: Root, __: unknown, ctx: AccountsContext) {
    ctx.services.authz.reach(ctx.auth, 'read', 'accounts');
    return { credentialUpdateRules: ctx.services.policy.describe() };
  },

  async dynamicallyRegisteredClients(_: Root, args: ClientsArgs, ctx: AccountsContext) {
    if (args.userName) checkArgument('userName', args.userName);
    if (args.templateClient) checkArgument('templateClient', args.templateClient);
    const own = await clientsReach(ctx, 'read');
    if (own !== undefined && args.userName && args.userName !== own) throw forbidden();
    const userName = own ?? args.userName ?? undefined;
    const sort = sortOf(args.sorting);
    const page = await ctx.repos.clients.list({
      activeOnly: args.activeClientsOnly !== false,
      first: pageSize(args.first, ctx),
      ...(args.after ? { after: args.after } : {}),
      ...(sort ? { sort } : {}),
      ...(userName ? { userName } : {}),
      ...(args.templateClient ? { templateClient: args.templateClient } : {}),
    });
    return connection(page, present<ClientRecord>(await ctx.loaders.clientById.loadMany(page.ids)));
  },

  async dynamicallyRegisteredClientById(_: Root, args: { clientId: string }, ctx: AccountsContext) {
    checkArgument('clientId', args.clientId);
    const own = await clientsReach(ctx, 'read');
    const client = await ctx.loaders.clientById.load(args.clientId);
    if (own !== undefined && (!client || !sameUser(client.authenticated_user, own)))
      throw forbidden();
    return client;
  },
};
