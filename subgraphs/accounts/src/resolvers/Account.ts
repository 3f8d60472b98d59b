import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import { canReadAccount } from '../rules';

export async function loadVisibleAccount(id: string, ctx: AccountsContext): Promise<AccountRecord | null> {
  const account = await ctx.loaders.accountById.load(id);
  return account && canReadAccount(ctx.auth, account) ? account : null;
}

export const Account = {
  __resolveReference: (ref: { id: string }, ctx: AccountsContext) => loadVisibleAccount(ref.id, ctx),
  meta: (a: AccountRecord) => ({ resourceType: 'User', created: a.created, lastModified: a.lastModified }),
};
