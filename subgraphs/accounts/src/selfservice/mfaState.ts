import type { AccountRecord } from '../data/accountsRepository';
import { recoveryCode, secretHash } from './codes';
import { validationError } from './errors';
import type { MfaFactorOffer, SelfServiceConfig } from './settings';

export interface RegisteredFactor {
  acr: string;
  expectedUserName: string;
  changedAt: number;
  description: string | null;
  type: string | null;
}

/** Account.mfaOptIn as stored in the account document (the GraphQL OptinMfa shape). */
export interface StoredMfa {
  registeredFactors: { factors: RegisteredFactor[] };
  preferences: { optOutAt: number } | null;
  recoveryCodeBatch: {
    batchId: string;
    codes: { consumed: boolean; consumedAt: number | null }[];
    createdAt: number;
  } | null;
}

export function mfaOf(account: AccountRecord): StoredMfa {
  const stored = (account.mfaOptIn ?? {}) as Partial<StoredMfa>;
  return {
    registeredFactors: { factors: stored.registeredFactors?.factors ?? [] },
    preferences: stored.preferences ?? null,
    recoveryCodeBatch: stored.recoveryCodeBatch ?? null,
  };
}

/** The configured offer for this acr, or a clear error naming the acceptable ones. */
export function offerFor(cfg: SelfServiceConfig, acr: string): MfaFactorOffer {
  const offer = cfg.mfa.factors.find((f) => f.acr === acr);
  if (!offer) {
    throw validationError(
      `Unknown MFA factor "${acr}"; registrable factors: ${cfg.mfa.factors.map((f) => f.acr).join(', ')}`,
      'UNKNOWN_FACTOR',
    );
  }
  return offer;
}

export function registered(offer: MfaFactorOffer, userName: string, now: number): RegisteredFactor {
  return {
    acr: offer.acr,
    expectedUserName: userName,
    changedAt: now,
    description: offer.description ?? null,
    type: offer.type ?? null,
  };
}

/** Whether the account already has what the factor needs (a TOTP app, a passkey, an email, a phone). */
export function hasDevices(
  cfg: SelfServiceConfig,
  account: AccountRecord,
  offer: MfaFactorOffer,
): boolean | null {
  const devices = account.devices ?? [];
  switch (offer.type) {
    case 'totp':
      return devices.some((d) => d.deviceType === cfg.totp.deviceType);
    case 'webauthn':
    case 'passkeys':
      return devices.some((d) => d.deviceType === cfg.webauthn.deviceType);
    case 'email':
      return (account.emails ?? []).length > 0;
    case 'sms':
      return (account.phoneNumbers ?? []).length > 0;
    default:
      return null;
  }
}

export function registrable(cfg: SelfServiceConfig, account: AccountRecord, offer: MfaFactorOffer) {
  return {
    acr: offer.acr,
    description: offer.description ?? null,
    type: offer.type ?? null,
    hasDevices: hasDevices(cfg, account, offer),
  };
}

export interface RecoveryBatch {
  batchId: string;
  codes: string[];
  hashes: string[];
}

export function newRecoveryBatch(
  cfg: SelfServiceConfig,
  accountId: string,
  batchId: string,
): RecoveryBatch {
  const codes = Array.from({ length: cfg.mfa.recoveryCodes }, recoveryCode);
  return {
    batchId,
    codes,
    hashes: codes.map((c) => secretHash(cfg.secret, 'recovery', accountId, batchId, c)),
  };
}

export function batchView(
  count: number,
  batchId: string,
  now: number,
): StoredMfa['recoveryCodeBatch'] {
  return count > 0
    ? {
        batchId,
        codes: Array.from({ length: count }, () => ({ consumed: false, consumedAt: null })),
        createdAt: now,
      }
    : null;
}
