import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { DeviceRecord } from '../data/accountModel';
import { notFound } from '../errors';
import { storeCall } from '../storeCall';
import { type FlowContext, loadAccount, requireManage, settings } from './access';
import { requireAlias, validationError } from './errors';
import { takeState } from './states';

const FLOW = 'verify-passkey';
const MAX_RESPONSE_CHARS = 16_000;

interface PasskeyState {
  challenge: string;
  alias: string;
}

/** WebAuthn registration options (relying party from config), base64url-encoded as Curity's portal expects. */
export async function startVerifyPasskey(ctx: FlowContext, accountId: string, rawAlias: string) {
  requireManage(ctx, accountId);
  const alias = requireAlias(rawAlias);
  const account = await loadAccount(ctx, accountId);
  const cfg = settings(ctx);
  // Only credentials still registered as devices: one deleted through deleteDevice… may come back.
  const registered = new Set((account.devices ?? []).map((d) => d.deviceId));
  const existing = (await ctx.repos.selfService.store.passkeyIds(accountId)).filter((id) =>
    registered.has(id),
  );
  const options = await generateRegistrationOptions({
    rpName: cfg.webauthn.rpName,
    rpID: cfg.webauthn.rpId,
    userName: account.userName,
    userID: new Uint8Array(Buffer.from(accountId, 'utf8')),
    attestationType: 'none',
    excludeCredentials: existing.map((id) => ({ id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: cfg.stateTtlMs,
  });
  const states = ctx.repos.selfService.states;
  const state = states.newState();
  await states.save(
    state,
    FLOW,
    accountId,
    { challenge: options.challenge, alias } satisfies PasskeyState,
    cfg.stateTtlMs,
  );
  return {
    state,
    credentialOptionsJson: Buffer.from(JSON.stringify(options), 'utf8').toString('base64url'),
  };
}

function parseResponse(
  encoded: string,
): Parameters<typeof verifyRegistrationResponse>[0]['response'] {
  if (encoded.length > MAX_RESPONSE_CHARS)
    throw validationError('The credential response is too large', 'PASSKEY_REJECTED');
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Parameters<
      typeof verifyRegistrationResponse
    >[0]['response'];
  } catch {
    throw validationError(
      'The credential response is not base64url-encoded JSON',
      'PASSKEY_REJECTED',
    );
  }
}

async function verified(ctx: FlowContext, data: PasskeyState, encoded: string) {
  const cfg = settings(ctx).webauthn;
  try {
    const result = await verifyRegistrationResponse({
      response: parseResponse(encoded),
      expectedChallenge: data.challenge,
      expectedOrigin: cfg.origins,
      expectedRPID: cfg.rpId,
      requireUserVerification: false,
    });
    if (result.verified) return result.registrationInfo;
  } catch (err) {
    ctx.logger.info({ reason: (err as Error).message }, 'passkey registration rejected');
  }
  throw validationError('The passkey could not be verified; start again', 'PASSKEY_REJECTED');
}

/** Verifies the attestation against the single-use challenge, then stores the credential as a device. */
export async function completeVerifyPasskey(
  ctx: FlowContext,
  input: { accountId: string; state: string; credentialResponseJson: string },
) {
  requireManage(ctx, input.accountId);
  const data = await takeState<PasskeyState>(ctx, FLOW, input.accountId, input.state);
  const info = await verified(ctx, data, input.credentialResponseJson);
  const store = ctx.repos.selfService.store;
  const now = Date.now();
  const device: DeviceRecord = {
    deviceId: info.credential.id,
    alias: data.alias,
    deviceType: settings(ctx).webauthn.deviceType,
    createdMs: now,
    lastModifiedMs: now,
  };
  const updated = await storeCall(() =>
    ctx.repos.accounts.update(input.accountId, (row) => {
      const devices = row.record.devices ?? [];
      if (devices.some((d) => d.deviceId === device.deviceId))
        throw validationError('This passkey is already registered', 'PASSKEY_EXISTS');
      return { record: { ...row.record, devices: [...devices, device] } };
    }),
  );
  if (!updated) throw notFound('Account');
  await store.savePasskey(input.accountId, {
    id: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    ...(info.credential.transports ? { transports: info.credential.transports } : {}),
  });
  return { result: true };
}
