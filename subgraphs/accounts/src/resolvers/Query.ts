import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import type { ClientRecord } from '../data/dcrRepository';
import { forbidden } from '../errors';
import type { QueryResolvers } from '../generated/resolvers';
import { checkArgument } from '../rules';
import { clientsReach, sameUser } from './DynamicallyRegisteredClient';
import { connection, pageSize, sortOf } from './paging';

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

export const Query: QueryResolvers = {
  accountById(_, args, ctx) {
    checkArgument('accountId', args.accountId);
    ctx.services.authz.requireAccount(ctx.auth, 'read', args.accountId);
    return ctx.loaders.accountById.load(args.accountId);
  },
  accountByUserName: (_, args, ctx) => byUnique('userName', args.userName, ctx),
  accountByEmail: (_, args, ctx) => byUnique('email', args.email, ctx),
  accountByPhoneNumber: (_, args, ctx) => byUnique('phoneNumber', args.phoneNumber, ctx),

  async accounts(_, args, ctx) {
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

  credentialPolicy(_, __, ctx) {
    ctx.services.authz.reach(ctx.auth, 'read', 'accounts');
    return { credentialUpdateRules: ctx.services.policy.describe() };
  },

  async dynamicallyRegisteredClients(_, args, ctx) {
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

  async dynamicallyRegisteredClientById(_, args, ctx) {
    checkArgument('clientId', args.clientId);
    const own = await clientsReach(ctx, 'read');
    const client = await ctx.loaders.clientById.load(args.clientId);
    if (own !== undefined && (!client || !sameUser(client.authenticated_user, own)))
      throw forbidden();
    return client;
  },
};
