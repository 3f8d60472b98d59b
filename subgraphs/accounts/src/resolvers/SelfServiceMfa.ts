import type { AccountsContext } from '../context';
import * as mfa from '../selfservice/mfa';

type In<T> = { input: T };
type Account = { accountId: string };

/** Opt-in MFA mutations; the rules live in src/selfservice/mfa.ts. */
export const SelfServiceMfa = {
  startOptInMfaSetupByAccountId: (
    _: unknown,
    { input }: In<Account & { factors: { acr: string }[] }>,
    ctx: AccountsContext,
  ) => mfa.startMfaSetup(ctx, input.accountId, input.factors),
  completeOptInMfaSetupByAccountId: (
    _: unknown,
    { input }: In<Account & { state: string }>,
    ctx: AccountsContext,
  ) => mfa.completeMfaSetup(ctx, input.accountId, input.state),
  addOptInMfaFactorToAccountByAccountId: (
    _: unknown,
    { input }: In<Account & { acr: string }>,
    ctx: AccountsContext,
  ) => mfa.addMfaFactor(ctx, input.accountId, input.acr),
  deleteOptInMfaFactorFromAccountByAccountId: (
    _: unknown,
    { input }: In<Account & { acr: string }>,
    ctx: AccountsContext,
  ) => mfa.deleteMfaFactor(ctx, input.accountId, input.acr),
  resetOptInMfaStateByAccountId: (_: unknown, { input }: In<Account>, ctx: AccountsContext) =>
    mfa.resetMfa(ctx, input.accountId),
  optOutFromOptInMfaByAccountId: (
    _: unknown,
    { input }: Partial<In<Account>>,
    ctx: AccountsContext,
  ) => mfa.optOutMfa(ctx, input?.accountId ?? ctx.auth.accountId ?? ''),
  startOptInMfaResetRecoveryCodesByAccountId: (
    _: unknown,
    { input }: In<Account>,
    ctx: AccountsContext,
  ) => mfa.startRecoveryReset(ctx, input.accountId),
  completeOptInMfaResetRecoveryCodesByAccountId: (
    _: unknown,
    { input }: In<Account & { state: string }>,
    ctx: AccountsContext,
  ) => mfa.completeRecoveryReset(ctx, input.accountId, input.state),
};
