import { randomUUID } from 'node:crypto';
import type { AccountRecord } from '../data/accountsRepository';
import { notFound } from '../errors';
import { storeCall } from '../storeCall';
import { type FlowContext, loadAccount, nowSeconds, requireManage, settings } from './access';
import { validationError } from './errors';
import {
  batchView,
  mfaOf,
  newRecoveryBatch,
  offerFor,
  registered,
  registrable,
  type StoredMfa,
} from './mfaState';
import { takeState } from './states';

const SETUP = 'mfa-setup';
const RECOVERY = 'mfa-recovery-reset';

interface PendingCodes {
  batchId: string;
  count: number;
  hashes: string[];
}

/** One versioned write of Account.mfaOptIn (undefined removes it); returns the new account. */
export async function writeMfa(
  ctx: FlowContext,
  accountId: string,
  change: (mfa: StoredMfa, account: AccountRecord) => StoredMfa | undefined,
): Promise<AccountRecord> {
  const account = await storeCall(() =>
    ctx.repos.accounts.update(accountId, (row) => {
      const next = change(mfaOf(row.record), row.record);
      const record: AccountRecord = { ...row.record };
      if (next === undefined) delete record.mfaOptIn;
      else record.mfaOptIn = next;
      return { record };
    }),
  );
  if (!account) throw notFound('Account');
  return account;
}

/** Offers the chosen factors and, when enabled, recovery codes shown only in this answer. */
export async function startMfaSetup(
  ctx: FlowContext,
  accountId: string,
  factors: { acr: string }[],
) {
  requireManage(ctx, accountId);
  const cfg = settings(ctx);
  const acrs = [...new Set(factors.map((f) => f.acr))];
  if (acrs.length === 0) throw validationError('Choose at least one factor', 'NO_FACTORS');
  const offers = acrs.map((acr) => offerFor(cfg, acr));
  const account = await loadAccount(ctx, accountId);
  if (mfaOf(account).registeredFactors.factors.length > 0)
    throw validationError('Opt-in MFA is already set up; reset it first', 'ALREADY_SET_UP');
  const batch = newRecoveryBatch(cfg, accountId, randomUUID());
  const states = ctx.repos.selfService.states;
  const state = states.newState();
  await states.save(
    state,
    SETUP,
    accountId,
    { acrs, batchId: batch.batchId, count: batch.codes.length, hashes: batch.hashes },
    cfg.stateTtlMs,
  );
  return {
    factors: offers.map((o) => registrable(cfg, account, o)),
    recoveryCodes: batch.codes.length > 0 ? batch.codes.map((value) => ({ value })) : null,
    state,
  };
}

export async function completeMfaSetup(ctx: FlowContext, accountId: string, state: string) {
  requireManage(ctx, accountId);
  const cfg = settings(ctx);
  const data = await takeState<PendingCodes & { acrs: string[] }>(ctx, SETUP, accountId, state);
  const now = nowSeconds();
  const account = await writeMfa(ctx, accountId, (mfa, record) => {
    if (mfa.registeredFactors.factors.length > 0)
      throw validationError('Opt-in MFA is already set up; reset it first', 'ALREADY_SET_UP');
    const factors = data.acrs.map((acr) => registered(offerFor(cfg, acr), record.userName, now));
    return {
      registeredFactors: { factors },
      preferences: null,
      recoveryCodeBatch: batchView(data.count, data.batchId, now),
    };
  });
  if (data.count > 0)
    await ctx.repos.selfService.store.saveRecoveryCodes(accountId, data.batchId, data.hashes);
  else await ctx.repos.selfService.store.deleteRecoveryCodes(accountId);
  return { account };
}

export async function addMfaFactor(ctx: FlowContext, accountId: string, acr: string) {
  requireManage(ctx, accountId);
  const offer = offerFor(settings(ctx), acr);
  let added = false;
  await writeMfa(ctx, accountId, (mfa, record) => {
    const factors = mfa.registeredFactors.factors;
    if (factors.length === 0)
      throw validationError('Opt-in MFA is not set up; start the setup first', 'NOT_SET_UP');
    added = !factors.some((f) => f.acr === acr);
    return added
      ? {
          ...mfa,
          registeredFactors: {
            factors: [...factors, registered(offer, record.userName, nowSeconds())],
          },
        }
      : mfa;
  });
  return { added };
}

export async function deleteMfaFactor(ctx: FlowContext, accountId: string, acr: string) {
  requireManage(ctx, accountId);
  let deleted = false;
  await writeMfa(ctx, accountId, (mfa) => {
    const factors = mfa.registeredFactors.factors;
    const kept = factors.filter((f) => f.acr !== acr);
    deleted = kept.length < factors.length;
    if (deleted && kept.length === 0)
      throw validationError(
        'The last factor cannot be deleted; reset the opt-in MFA state instead',
        'LAST_FACTOR',
      );
    return { ...mfa, registeredFactors: { factors: kept } };
  });
  return { deleted };
}

/** Removes every factor, the opt-out and the recovery codes. */
export async function resetMfa(ctx: FlowContext, accountId: string) {
  requireManage(ctx, accountId);
  let deleted = false;
  await writeMfa(ctx, accountId, (mfa) => {
    deleted =
      mfa.registeredFactors.factors.length > 0 ||
      mfa.preferences !== null ||
      mfa.recoveryCodeBatch !== null;
    return undefined;
  });
  await ctx.repos.selfService.store.deleteRecoveryCodes(accountId);
  return { deleted };
}

export async function optOutMfa(ctx: FlowContext, accountId: string) {
  requireManage(ctx, accountId);
  await writeMfa(ctx, accountId, (mfa) => {
    if (mfa.registeredFactors.factors.length > 0)
      throw validationError(
        'Factors are registered; reset the opt-in MFA state before opting out',
        'FACTORS_REGISTERED',
      );
    return { ...mfa, preferences: { optOutAt: nowSeconds() } };
  });
  return { optedOut: true };
}

export async function startRecoveryReset(ctx: FlowContext, accountId: string) {
  requireManage(ctx, accountId);
  const cfg = settings(ctx);
  const account = await loadAccount(ctx, accountId);
  if (mfaOf(account).registeredFactors.factors.length === 0)
    throw validationError('Opt-in MFA is not set up; start the setup first', 'NOT_SET_UP');
  if (cfg.mfa.recoveryCodes === 0)
    throw validationError('Recovery codes are disabled', 'RECOVERY_CODES_DISABLED');
  const batch = newRecoveryBatch(cfg, accountId, randomUUID());
  const states = ctx.repos.selfService.states;
  const state = states.newState();
  const pending: PendingCodes = {
    batchId: batch.batchId,
    count: batch.codes.length,
    hashes: batch.hashes,
  };
  await states.save(state, RECOVERY, accountId, pending, cfg.stateTtlMs);
  return { recoveryCodes: batch.codes.map((value) => ({ value })), state };
}

export async function completeRecoveryReset(ctx: FlowContext, accountId: string, state: string) {
  requireManage(ctx, accountId);
  const data = await takeState<PendingCodes>(ctx, RECOVERY, accountId, state);
  const account = await writeMfa(ctx, accountId, (mfa) => {
    if (mfa.registeredFactors.factors.length === 0)
      throw validationError('Opt-in MFA is not set up; start the setup first', 'NOT_SET_UP');
    return { ...mfa, recoveryCodeBatch: batchView(data.count, data.batchId, nowSeconds()) };
  });
  await ctx.repos.selfService.store.saveRecoveryCodes(accountId, data.batchId, data.hashes);
  return { account };
}
