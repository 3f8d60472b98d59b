import type { AccountsContext } from '../context';
import { EMAIL, PHONE } from '../selfservice/addresses';
import { completeVerifyPasskey, startVerifyPasskey } from '../selfservice/passkeys';
import { completeVerifyTotp, startVerifyTotp } from '../selfservice/totp';
import {
  completeVerify,
  deleteAddress,
  startVerify,
  updatePrimary,
} from '../selfservice/verification';

type In<T> = { input: T };
type Account = { accountId: string };
type Complete = Account & { state: string; otp: string };

/** Email, phone, TOTP and passkey self-service flows; the rules live in src/selfservice. */
export const SelfServiceMutation = {
  startVerifyEmailAddressByAccountId: (
    _: unknown,
    { input }: In<Account & { emailAddress: string }>,
    ctx: AccountsContext,
  ) => startVerify(ctx, EMAIL, input.accountId, input.emailAddress),
  completeVerifyEmailAddressByAccountId: (
    _: unknown,
    { input }: In<Complete>,
    ctx: AccountsContext,
  ) => completeVerify(ctx, EMAIL, input),
  updatePrimaryEmailAddressByAccountId: (
    _: unknown,
    { input }: In<Account & { newPrimaryEmailAddress: string }>,
    ctx: AccountsContext,
  ) => updatePrimary(ctx, EMAIL, input.accountId, input.newPrimaryEmailAddress),
  deleteEmailAddressByAccountId: (
    _: unknown,
    { input }: In<Account & { emailAddressToDelete: string }>,
    ctx: AccountsContext,
  ) => deleteAddress(ctx, EMAIL, input.accountId, input.emailAddressToDelete),
  startVerifyPhoneNumberByAccountId: (
    _: unknown,
    { input }: In<Account & { phoneNumber: string }>,
    ctx: AccountsContext,
  ) => startVerify(ctx, PHONE, input.accountId, input.phoneNumber),
  completeVerifyPhoneNumberByAccountId: (
    _: unknown,
    { input }: In<Complete>,
    ctx: AccountsContext,
  ) => completeVerify(ctx, PHONE, input),
  updatePrimaryPhoneNumberByAccountId: (
    _: unknown,
    { input }: In<Account & { newPrimaryPhoneNumber: string }>,
    ctx: AccountsContext,
  ) => updatePrimary(ctx, PHONE, input.accountId, input.newPrimaryPhoneNumber),
  deletePhoneNumberByAccountId: (
    _: unknown,
    { input }: In<Account & { phoneNumberToDelete: string }>,
    ctx: AccountsContext,
  ) => deleteAddress(ctx, PHONE, input.accountId, input.phoneNumberToDelete),
  startVerifyTotpDeviceByAccountId: (
    _: unknown,
    { input }: In<Account & { alias: string }>,
    ctx: AccountsContext,
  ) => startVerifyTotp(ctx, input.accountId, input.alias),
  completeVerifyTotpDeviceByAccountId: (
    _: unknown,
    { input }: In<Account & { state: string; totp: string }>,
    ctx: AccountsContext,
  ) => completeVerifyTotp(ctx, input),
  startVerifyPasskeyByAccountId: (
    _: unknown,
    { input }: In<Account & { alias: string }>,
    ctx: AccountsContext,
  ) => startVerifyPasskey(ctx, input.accountId, input.alias),
  completeVerifyPasskeyByAccountId: (
    _: unknown,
    { input }: In<Account & { state: string; credentialResponseJson: string }>,
    ctx: AccountsContext,
  ) => completeVerifyPasskey(ctx, input),
};
