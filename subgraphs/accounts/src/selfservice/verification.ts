import { primaryOf } from '../data/accountModel';
import { constraintViolation } from '../errors';
import { storeCall } from '../storeCall';
import { type FlowContext, loadAccount, requireManage, senderOf, settings } from './access';
import {
  type AddressKindSpec,
  entries,
  findEntry,
  requireValid,
  withAddress,
  withoutAddress,
  withPrimary,
} from './addresses';
import { numericCode, sameHash, secretHash } from './codes';
import { deliver, throttle } from './sender';
import { consumeAttempt, takeState } from './states';
import { validationError } from './errors';

interface VerifyState {
  address: string;
  codeHash: string;
}

const flowOf = (spec: AddressKindSpec) => `verify-${spec.kind}`;

async function requireUnowned(
  ctx: FlowContext,
  spec: AddressKindSpec,
  accountId: string,
  address: string,
): Promise<void> {
  const [owner] = await ctx.repos.accounts.idsByUnique(spec.field, [address]);
  if (owner && owner !== accountId) throw constraintViolation(spec.field);
}

/** Sends a one-time code to the address; the code is bound to (account, address, state). */
export async function startVerify(
  ctx: FlowContext,
  spec: AddressKindSpec,
  accountId: string,
  rawAddress: string,
) {
  requireManage(ctx, accountId);
  const address = requireValid(spec, rawAddress);
  await loadAccount(ctx, accountId);
  await requireUnowned(ctx, spec, accountId, address);
  const cfg = settings(ctx);
  await throttle(ctx.repos.selfService.store, cfg, accountId);
  const states = ctx.repos.selfService.states;
  const state = states.newState();
  const code = numericCode(cfg.otpLength);
  const data: VerifyState = {
    address,
    codeHash: secretHash(cfg.secret, flowOf(spec), accountId, state, code),
  };
  await states.save(state, flowOf(spec), accountId, data, cfg.stateTtlMs);
  await deliver(
    senderOf(ctx),
    { channel: spec.channel, to: address, purpose: flowOf(spec), accountId, code },
    ctx.logger,
  );
  return { result: true, state };
}

/** Checks the code (one attempt reserved first), then adds the address as verified. */
export async function completeVerify(
  ctx: FlowContext,
  spec: AddressKindSpec,
  input: { accountId: string; state: string; otp: string },
) {
  requireManage(ctx, input.accountId);
  const cfg = settings(ctx);
  const flow = flowOf(spec);
  const data = await consumeAttempt<VerifyState>(ctx, flow, input.accountId, input.state, (d) =>
    sameHash(
      d.codeHash,
      secretHash(cfg.secret, flow, input.accountId, input.state, input.otp.trim()),
    ),
  );
  await takeState(ctx, flow, input.accountId, input.state);
  await requireUnowned(ctx, spec, input.accountId, data.address);
  const updated = await storeCall(() =>
    ctx.repos.accounts.update(input.accountId, (row) => ({
      record: withAddress(row.record, spec, data.address),
    })),
  );
  if (!updated) return { result: false };
  await ctx.repos.selfService.store.markVerified(
    input.accountId,
    spec.kind,
    spec.normalize(data.address),
  );
  return { result: true };
}

/** Only an address already on the account and verified through this flow can become primary. */
export async function updatePrimary(
  ctx: FlowContext,
  spec: AddressKindSpec,
  accountId: string,
  rawAddress: string,
) {
  requireManage(ctx, accountId);
  const address = rawAddress.trim();
  const account = await loadAccount(ctx, accountId);
  const verified = await ctx.repos.selfService.store.isVerified(
    accountId,
    spec.kind,
    spec.normalize(address),
  );
  if (!findEntry(account, spec, address) || !verified) {
    throw validationError(
      'Only a verified address of this account can become primary',
      'NOT_VERIFIED',
    );
  }
  await storeCall(() =>
    ctx.repos.accounts.update(accountId, (row) => ({
      record: withPrimary(row.record, spec, address),
    })),
  );
  return { result: true };
}

/** Deletes a non-primary address; false when it is absent or primary. */
export async function deleteAddress(
  ctx: FlowContext,
  spec: AddressKindSpec,
  accountId: string,
  rawAddress: string,
) {
  requireManage(ctx, accountId);
  const address = rawAddress.trim();
  let deleted = false;
  await storeCall(() =>
    ctx.repos.accounts.update(accountId, (row) => {
      const entry = findEntry(row.record, spec, address);
      const primary = primaryOf(entries(row.record, spec));
      deleted = entry !== undefined && spec.normalize(primary ?? '') !== spec.normalize(address);
      return { record: deleted ? withoutAddress(row.record, spec, address) : row.record };
    }),
  );
  if (deleted)
    await ctx.repos.selfService.store.unmarkVerified(accountId, spec.kind, spec.normalize(address));
  return { result: deleted };
}
