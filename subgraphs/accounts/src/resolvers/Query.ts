import type { AccountsContext } from '../context';
import { loadVisibleAccount } from './Account';

export const Query = {
  accountById: (_: unknown, args: { accountId: string }, ctx: AccountsContext) =>
    loadVisibleAccount(args.accountId, ctx),
};
