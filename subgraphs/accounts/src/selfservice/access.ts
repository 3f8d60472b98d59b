import type { AccountsContext } from '../context';
import type { AccountRecord } from '../data/accountsRepository';
import { notFound } from '../errors';
import { createSender, type Sender } from './sender';
import type { SelfServiceConfig } from './settings';

/** What every flow needs from the request context. */
export type FlowContext = Pick<AccountsContext, 'auth' | 'logger' | 'repos' | 'services'>;

export function settings(ctx: FlowContext): SelfServiceConfig {
  return ctx.services.selfService;
}

export function senderOf(ctx: FlowContext): Sender {
  return createSender(ctx.services.selfService, ctx.repos.selfService.store);
}

/**
 * The caller may change this account: its owner (self-service token) or an administrator
 * per the group rules. Throws FORBIDDEN before anything is looked up.
 */
export function requireManage(ctx: FlowContext, accountId: string): void {
  ctx.services.authz.requireAccount(ctx.auth, 'update', accountId);
}

export async function loadAccount(ctx: FlowContext, accountId: string): Promise<AccountRecord> {
  const [account] = await ctx.repos.accounts.byIds([accountId]);
  if (!account) throw notFound('Account');
  return account;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
