import type { MutationResolvers } from '../generated/resolvers';
import { EMAIL, PHONE } from '../selfservice/addresses';
import { completeVerifyPasskey, startVerifyPasskey } from '../selfservice/passkeys';
import { completeVerifyTotp, startVerifyTotp } from '../selfservice/totp';
import {
  completeVerify,
  deleteAddress,
  startVerify,
  updatePrimary,
} from '../selfservice/verification';

/** Email, phone, TOTP and passkey self-service flows; the rules live in src/selfservice. */
export const SelfServiceMutation: MutationResolvers = {
  startVerifyEmailAddressByAccountId: (_, { input }, ctx) =>
    startVerify(ctx, EMAIL, input.accountId, input.emailAddress),
  completeVerifyEmailAddressByAccountId: (_, { input }, ctx) => completeVerify(ctx, EMAIL, input),
  updatePrimaryEmailAddressByAccountId: (_, { input }, ctx) =>
    updatePrimary(ctx, EMAIL, input.accountId, input.newPrimaryEmailAddress),
  deleteEmailAddressByAccountId: (_, { input }, ctx) =>
    deleteAddress(ctx, EMAIL, input.accountId, input.emailAddressToDelete),
  startVerifyPhoneNumberByAccountId: (_, { input }, ctx) =>
    startVerify(ctx, PHONE, input.accountId, input.phoneNumber),
  completeVerifyPhoneNumberByAccountId: (_, { input }, ctx) => completeVerify(ctx, PHONE, input),
  updatePrimaryPhoneNumberByAccountId: (_, { input }, ctx) =>
    updatePrimary(ctx, PHONE, input.accountId, input.newPrimaryPhoneNumber),
  deletePhoneNumberByAccountId: (_, { input }, ctx) =>
    deleteAddress(ctx, PHONE, input.accountId, input.phoneNumberToDelete),
  startVerifyTotpDeviceByAccountId: (_, { input }, ctx) =>
    startVerifyTotp(ctx, input.accountId, input.alias),
  completeVerifyTotpDeviceByAccountId: (_, { input }, ctx) => completeVerifyTotp(ctx, input),
  startVerifyPasskeyByAccountId: (_, { input }, ctx) =>
    startVerifyPasskey(ctx, input.accountId, input.alias),
  completeVerifyPasskeyByAccountId: (_, { input }, ctx) => completeVerifyPasskey(ctx, input),
};
