/** Typed settings of the self-service flows; config.ts reads them from the environment. */

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SenderKind = 'outbox' | 'webhook';

export interface MfaFactorOffer {
  acr: string;
  description?: string;
  /** e.g. "totp", "webauthn", "email", "sms": used to tell whether the account has devices for it. */
  type?: string;
}

export interface SelfServiceConfig {
  /** HMAC key for one-time codes and recovery codes at rest, and the sealing key for TOTP secrets. */
  secret: string;
  /** Lifetime of every opaque `state` handed to a client. */
  stateTtlMs: number;
  otpLength: number;
  /** Wrong codes allowed per state before it is destroyed (too-many-attempts-error). */
  maxAttempts: number;
  sender: { kind: SenderKind; webhookUrl?: string; timeoutMs: number; outboxMax: number };
  /** Codes and links one account may request per window (mail and SMS are not free, nor welcome in bulk). */
  sendLimit: { max: number; windowMs: number };
  totp: {
    issuer: string;
    digits: 6 | 7 | 8;
    period: number;
    algorithm: TotpAlgorithm;
    /** Periods accepted on either side of now. */
    skew: number;
    deviceType: string;
    deviceExpiresInS?: number;
  };
  webauthn: { rpId: string; rpName: string; origins: string[]; deviceType: string };
  mfa: { factors: MfaFactorOffer[]; recoveryCodes: number };
  /** Links sent by sendPasswordResetEmail / initializeAccountActivation (a token is appended). */
  links: { passwordReset: string; activation: string; ttlMs: number };
}

export const DEFAULT_MFA_FACTORS: MfaFactorOffer[] = [
  {
    acr: 'urn:se:curity:authentication:totp:totp-optin-mfa',
    description: 'Authenticator app',
    type: 'totp',
  },
  {
    acr: 'urn:se:curity:authentication:passkeys:passkeys',
    description: 'Passkey',
    type: 'webauthn',
  },
  { acr: 'urn:se:curity:authentication:email:email', description: 'Email', type: 'email' },
];

/** Parses MFA_FACTORS: a JSON array of {acr, description?, type?}; throws a message naming the problem. */
export function parseMfaFactors(raw: string): MfaFactorOffer[] {
  const parsed = JSON.parse(raw) as unknown;
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error('must be a non-empty JSON array');
  return parsed.map((f, i) => {
    const o = (f ?? {}) as Record<string, unknown>;
    if (typeof o.acr !== 'string' || o.acr.length === 0)
      throw new Error(`[${i}].acr must be a string`);
    return {
      acr: o.acr,
      ...(typeof o.description === 'string' ? { description: o.description } : {}),
      ...(typeof o.type === 'string' ? { type: o.type } : {}),
    };
  });
}
