import type { AccountsContext } from '../context';
import type { AccountRecord, AccountRow } from '../data/accountsRepository';
import type { ClientStatus } from '../data/dcrRepository';
import { forbidden, notFound } from '../errors';
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

type Fields = Record<string, unknown>;

async function patched(
  row: AccountRow,
  fields: Fields,
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

export const Mutation = {
  async createAccount(_: unknown, { input }: { input: { fields: Fields } }, ctx: AccountsContext) {
    ctx.services.authz.reach(ctx.auth, 'create', 'accounts');
    const attrs = accountFromCreate(input.fields);
    const pw =
      typeof input.fields.password === 'string'
        ? await newPasswordHash(ctx.services.policy, input.fields.password)
        : '';
    return { account: await storeCall(() => ctx.repos.accounts.create(attrs, pw)) };
  },

  updateAccountById: (
    _: unknown,
    { input }: { input: { accountId: string; fields: Fields } },
    ctx: AccountsContext,
  ) => update(input.accountId, ctx, (row) => patched(row, input.fields, ctx)),

  validatePasswordAndUpdateAccountById: (
    _: unknown,
    { input }: { input: { accountId: string; currentPassword: string; fields: Fields } },
    ctx: AccountsContext,
  ) =>
    update(input.accountId, ctx, async (row) => {
      await requireCurrentPassword(row.pw, input.currentPassword);
      return patched(row, input.fields, ctx);
    }),

  async deleteAccountById(
    _: unknown,
    { input }: { input: { accountId: string; deleteAccountLinks?: boolean | null } },
    ctx: AccountsContext,
  ) {
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

  async deleteLinkFromAccountByAccountId(
    _: unknown,
    { input }: { input: { accountId: string; linkedAccount: { value: string; domain: string } } },
    ctx: AccountsContext,
  ) {
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

  async setDynamicallyRegisteredClientStatusById(
    _: unknown,
    { input }: { input: { clientId: string; status: ClientStatus } },
    ctx: AccountsContext,
  ) {
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
