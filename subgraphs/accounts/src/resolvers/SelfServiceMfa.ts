import type { MutationResolvers } from '../generated/resolvers';
import * as mfa from '../selfservice/mfa';

/** Opt-in MFA mutations; the rules live in src/selfservice/mfa.ts. */
export const SelfServiceMfa: MutationResolvers = {
  startOptInMfaSetupByAccountId: (_, { input }, ctx) =>
    mfa.startMfaSetup(ctx, input.accountId, input.factors),
  completeOptInMfaSetupByAccountId: (_, { input }, ctx) =>
    mfa.completeMfaSetup(ctx, input.accountId, input.state),
  addOptInMfaFactorToAccountByAccountId: (_, { input }, ctx) =>
    mfa.addMfaFactor(ctx, input.accountId, input.acr),
  deleteOptInMfaFactorFromAccountByAccountId: (_, { input }, ctx) =>
    mfa.deleteMfaFactor(ctx, input.accountId, input.acr),
  resetOptInMfaStateByAccountId: (_, { input }, ctx) => mfa.resetMfa(ctx, input.accountId),
  optOutFromOptInMfaByAccountId: (_, { input }, ctx) =>
    mfa.optOutMfa(ctx, input?.accountId ?? ctx.auth.accountId ?? ''),
  startOptInMfaResetRecoveryCodesByAccountId: (_, { input }, ctx) =>
    mfa.startRecoveryReset(ctx, input.accountId),
  completeOptInMfaResetRecoveryCodesByAccountId: (_, { input }, ctx) =>
    mfa.completeRecoveryReset(ctx, input.accountId, input.state),
};
