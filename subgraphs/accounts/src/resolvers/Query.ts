import type DataLoader from 'dataloader';
import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import type { ClientRecord } from '../data/dcrRepository';
import { forbidden } from '../errors';
import { checkArgument } from '../rules';
import { connection, pageSize, type SortingInput, sortOf } from './paging';
import { clientsReach, sameUser } from './DynamicallyRegisteredClient';

type ListArgs = { first?: number | null; after?: string | null; sorting?: SortingInput | null };

/** Lookup by a unique attribute: a self-service caller gets FORBIDDEN for anything but its own account. */
async function byUnique(arg: 'userName' | 'email' | 'phoneNumber', loader: (ctx: AccountsContext) => DataLoader<string, string | null>, value: string, ctx: AccountsContext): Promise<AccountRecord | null> {
  checkArgument(arg, value);
  const reach = ctx.services.authz.reach(ctx.auth, 'read', 'accounts');
  const id = await loader(ctx).load(value);
  if (reach.kind === 'self' && id !== reach.accountId) throw forbidden();
  return id ? ctx.loaders.accountById.load(id) : null;
}

export const Query = {
  accountById(_: unknown, args: { accountId: string }, ctx: AccountsContext) {
    checkArgument('accountId', args.accountId);
    ctx.services.authz.requireAccount(ctx.auth, 'read', args.accountId);
    return ctx.loaders.accountById.load(args.accountId);
  },
  accountByUserName: (_: unknown, args: { userName: string }, ctx: AccountsContext) => byUnique('userName', (c) => c.loaders.accountIdByUserName, args.userName, ctx),
  accountByEmail: (_: unknown, args: { email: string }, ctx: AccountsContext) => byUnique('email', (c) => c.loaders.accountIdByEmail, args.email, ctx),
  accountByPhoneNumber: (_: unknown, args: { phoneNumber: string }, ctx: AccountsContext) => byUnique('phoneNumber', (c) => c.loaders.accountIdByPhone, args.phoneNumber, ctx),

  async accounts(_: unknown, args: ListArgs & { activeAccountsOnly?: boolean | null; filtering?: { filterBy: 'userName' | 'email'; filterType: 'STARTS_WITH' | 'ENDS_WITH'; filter: string } | null }, ctx: AccountsContext) {
    if (ctx.services.authz.reach(ctx.auth, 'read', 'accounts').kind !== 'all') throw forbidden();
    const sort = sortOf(args.sorting);
    const f = args.filtering;
    const page = await ctx.repos.accountSearch.list({
      activeOnly: args.activeAccountsOnly !== false,
      first: pageSize(args.first, ctx),
      ...(args.after ? { after: args.after } : {}),
      ...(sort ? { sort } : {}),
      ...(f ? { filter: { by: f.filterBy, type: f.filterType, value: f.filter } } : {}),
    });
    return connection(page, await ctx.loaders.accountById.loadMany(page.ids).then((r) => r.map((a) => (a instanceof Error ? null : a))));
  },

  credentialPolicy(_: unknown, __: unknown, ctx: AccountsContext) {
    ctx.services.authz.reach(ctx.auth, 'read', 'accounts');
    return { credentialUpdateRules: ctx.services.policy.describe() };
  },

  async dynamicallyRegisteredClients(_: unknown, args: ListArgs & { templateClient?: string | null; userName?: string | null; activeClientsOnly?: boolean | null }, ctx: AccountsContext) {
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
    const nodes = await ctx.loaders.clientById.loadMany(page.ids);
    return connection(page, nodes.map((c) => (c instanceof Error ? null : c)) as (ClientRecord | null)[]);
  },

  async dynamicallyRegisteredClientById(_: unknown, args: { clientId: string }, ctx: AccountsContext) {
    checkArgument('clientId', args.clientId);
    const own = await clientsReach(ctx, 'read');
    const client = await ctx.loaders.clientById.load(args.clientId);
    if (own !== undefined && (!client || !sameUser(client.authenticated_user, own))) throw forbidden();
    return client;
  },
};
