import type { Crud } from '../config';
import type { AccountsContext } from '../context';
import { uniqueKey } from '../data/normalize';
import { forbidden } from '../errors';
import type { DynamicallyRegisteredClientResolvers } from '../generated/resolvers';

/**
 * undefined when the caller may reach every client; otherwise the userName whose clients a
 * self-service caller owns (its own account's). FORBIDDEN when neither.
 */
export async function clientsReach(ctx: AccountsContext, op: Crud): Promise<string | undefined> {
  const reach = ctx.services.authz.reach(ctx.auth, op, 'clients');
  if (reach.kind === 'all') return undefined;
  const own = await ctx.loaders.accountById.load(reach.accountId);
  if (!own) throw forbidden();
  return own.userName;
}

export const DynamicallyRegisteredClient: DynamicallyRegisteredClientResolvers = {
  client_id_issued_at: (c) => c.client_id_issued_at ?? null,
};

export function sameUser(a: string | undefined, b: string): boolean {
  return a !== undefined && uniqueKey(a) === uniqueKey(b);
}
