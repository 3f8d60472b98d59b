import { randomBytes, randomUUID } from 'node:crypto';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { verify } from '@otplib/totp';
import type { DeviceRecord } from '../data/accountModel';
import { notFound } from '../errors';
import { storeCall } from '../storeCall';
import { type FlowContext, loadAccount, requireManage, settings } from './access';
import { base32, seal, unseal } from './codes';
import { requireAlias } from './errors';
import { consumeAttempt, takeState } from './states';

const FLOW = 'verify-totp';
const crypto = new NodeCryptoPlugin();

interface TotpState {
  sealedKey: string;
  deviceId: string;
  alias: string;
}

function otpauthUri(
  issuer: string,
  account: string,
  key: string,
  t: FlowContext['services']['selfService']['totp'],
): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({
    secret: key,
    issuer,
    algorithm: t.algorithm.toUpperCase(),
    digits: String(t.digits),
    period: String(t.period),
  });
  return `otpauth://totp/${label}?${q.toString()}`;
}

/** A fresh 160-bit key, shown once; the state keeps it sealed until the first code proves the app has it. */
export async function startVerifyTotp(ctx: FlowContext, accountId: string, rawAlias: string) {
  requireManage(ctx, accountId);
  const alias = requireAlias(rawAlias);
  const account = await loadAccount(ctx, accountId);
  const cfg = settings(ctx);
  const t = cfg.totp;
  const secret = randomBytes(20);
  const key = base32(secret);
  const deviceId = randomUUID();
  const states = ctx.repos.selfService.states;
  const state = states.newState();
  const data: TotpState = { sealedKey: seal(cfg.secret, secret), deviceId, alias };
  await states.save(state, FLOW, accountId, data, cfg.stateTtlMs);
  return {
    state,
    deviceId,
    issuer: t.issuer,
    key,
    digits: t.digits,
    interval: t.period,
    algorithm: t.algorithm.toUpperCase(),
    skew: t.skew,
    delayWindow: t.skew,
    deviceType: t.deviceType,
    deviceExpiresIn: t.deviceExpiresInS ?? null,
    qrLink: otpauthUri(t.issuer, account.userName, key, t),
  };
}

async function codeMatches(ctx: FlowContext, sealedKey: string, code: string): Promise<boolean> {
  const cfg = settings(ctx);
  const t = cfg.totp;
  if (!new RegExp(`^\\d{${t.digits}}$`).test(code)) return false;
  const result = await verify({
    secret: new Uint8Array(unseal(cfg.secret, sealedKey)),
    token: code,
    crypto,
    algorithm: t.algorithm,
    digits: t.digits,
    period: t.period,
    epochTolerance: t.skew * t.period,
  });
  return result.valid;
}

/** Registers the device once a code computed from the key checks out (RFC 6238, within the skew). */
export async function completeVerifyTotp(
  ctx: FlowContext,
  input: { accountId: string; state: string; totp: string },
) {
  requireManage(ctx, input.accountId);
  const data = await consumeAttempt<TotpState>(ctx, FLOW, input.accountId, input.state, (d) =>
    codeMatches(ctx, d.sealedKey, input.totp.trim()),
  );
  await takeState(ctx, FLOW, input.accountId, input.state);
  const t = settings(ctx).totp;
  const now = Date.now();
  const device: DeviceRecord = {
    deviceId: data.deviceId,
    alias: data.alias,
    deviceType: t.deviceType,
    createdMs: now,
    lastModifiedMs: now,
    ...(t.deviceExpiresInS ? { expiresAt: Math.floor(now / 1000) + t.deviceExpiresInS } : {}),
  };
  const updated = await storeCall(() =>
    ctx.repos.accounts.update(input.accountId, (row) => ({
      record: { ...row.record, devices: [...(row.record.devices ?? []), device] },
    })),
  );
  if (!updated) throw notFound('Account');
  await ctx.repos.selfService.store.saveTotpSecret(input.accountId, data.deviceId, data.sealedKey);
  return { result: true };
}
