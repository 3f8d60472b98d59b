import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import { loadVisibleAccount } from './Account';

export const User = {
  __resolveReference: (ref: { email: string }) => ref,
  /** Batched: all users of one `_entities` call cost one HMGET and one pipeline. */
  async account(user: { email: string }, _: unknown, ctx: AccountsContext): Promise<AccountRecord | null> {
    const id = await ctx.loaders.accountIdByPrimaryEmail.load(user.email);
    return id ? loadVisibleAccount(id, ctx) : null;
  },
};
