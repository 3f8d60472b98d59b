import type { AccountRecord } from '../data/accountsRepository';
import { primaryOf } from '../data/accountModel';
import { uniqueKey } from '../data/normalize';
import type { UserResolvers } from '../generated/resolvers';
import { loadVisibleAccount } from './Account';

export const User: UserResolvers = {
  __resolveReference: (ref) => ref,
  /** Batched: all users of one `_entities` call cost one HMGET and one pipeline. */
  async account(user, _, ctx): Promise<AccountRecord | null> {
    const id = await ctx.loaders.accountIdByEmail.load(user.email);
    const account = id ? await loadVisibleAccount(id, ctx) : null;
    const primary = account ? primaryOf(account.emails) : undefined;
    return primary !== undefined && uniqueKey(primary) === uniqueKey(user.email) ? account : null;
  },
};
