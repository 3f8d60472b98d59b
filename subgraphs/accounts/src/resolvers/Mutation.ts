import type { AccountsContext } from '../context';
import type { AccountRecord, AccountRow } from '../data/accountsRepository';
import { forbidden, notFound } from '../errors';
import type { AccountUpdateFields, MutationResolvers } from '../generated/resolvers';
import {
  accountFromCreate,
  applyPatch,
  checkArgument,
  newPasswordHash,
  requireCurrentPassword,
} from '../rules';
import { DeviceMutations } from './deviceMutations';
import { clientsReach, sameUser } from './DynamicallyRegisteredClient';
import { requireAccount } from './access';
import { storeCall } from '../storeCall';

async function patched(
  row: AccountRow,
  fields: AccountUpdateFields,
  ctx: AccountsContext,
): Promise<{ record: AccountRecord; pw?: string }> {
  const record = applyPatch(row.record, fields);
  if (!('password' in fields)) return { record };
  const password = fields.password;
  return {
    record,
    pw: typeof password === 'string' ? await newPasswordHash(ctx.services.policy, password) : '',
  };
}

async function update(
  accountId: string,
  ctx: AccountsContext,
  change: (row: AccountRow) => ReturnType<typeof patched>,
) {
  requireAccount(ctx, 'update', accountId);
  const account = await storeCall(() => ctx.repos.accounts.update(accountId, change));
  if (!account) throw notFound('Account');
  return { account };
}

export const Mutation: MutationResolvers = {
  async createAccount(_, { input }, ctx) {
    ctx.services.authz.reach(ctx.auth, 'create', 'accounts');
    const attrs = accountFromCreate(input.fields);
    const pw =
      typeof input.fields.password === 'string'
        ? await newPasswordHash(ctx.services.policy, input.fields.password)
        : '';
    return { account: await storeCall(() => ctx.repos.accounts.create(attrs, pw)) };
  },

  updateAccountById: (_, { input }, ctx) =>
    update(input.accountId, ctx, (row) => patched(row, input.fields, ctx)),

  validatePasswordAndUpdateAccountById: (_, { input }, ctx) =>
    update(input.accountId, ctx, async (row) => {
      await requireCurrentPassword(row.pw, input.currentPassword);
      return patched(row, input.fields, ctx);
    }),

  async deleteAccountById(_, { input }, ctx) {
    requireAccount(ctx, 'delete', input.accountId);
    const account = await storeCall(() => ctx.repos.accounts.delete(input.accountId));
    // Verification marks, sealed TOTP/passkey keys, recovery codes: nothing outlives the account.
    if (account) await storeCall(() => ctx.repos.selfService.store.deleteAccountData(account.id));
    const links = account?.linkedAccounts?.length ?? 0;
    return {
      deleted: account !== null,
      account,
      deletedAccountLinks: account !== null && input.deleteAccountLinks === true && links > 0,
    };
  },

  async deleteLinkFromAccountByAccountId(_, { input }, ctx) {
    requireAccount(ctx, 'update', input.accountId);
    const { value, domain } = input.linkedAccount;
    let deleted = false;
    await storeCall(() =>
      ctx.repos.accounts.update(input.accountId, (row) => {
        const links = row.record.linkedAccounts ?? [];
        const kept = links.filter((l) => !(l.value === value && l.domain === domain));
        deleted = kept.length < links.length;
        return { record: { ...row.record, linkedAccounts: kept } };
      }),
    );
    return { deleted };
  },

  ...DeviceMutations,

  async setDynamicallyRegisteredClientStatusById(_, { input }, ctx) {
    checkArgument('clientId', input.clientId);
    const own = await clientsReach(ctx, 'update');
    if (own !== undefined) {
      const client = await ctx.loaders.clientById.load(input.clientId);
      if (!client || !sameUser(client.authenticated_user, own)) throw forbidden();
    }
    const client = await ctx.repos.clients.setStatus(input.clientId, input.status);
    if (!client) throw notFound('Client');
    return { client };
  },
};
