import type { Crud } from '../config';
import type { AccountsContext } from '../context';
import { checkArgument } from '../rules';

/** Checks the id's size, then that the caller may do `op` on that account (FORBIDDEN otherwise). */
export function requireAccount(ctx: AccountsContext, op: Crud, accountId: string): void {
  checkArgument('accountId', accountId);
  ctx.services.authz.requireAccount(ctx.auth, op, accountId);
}
