import type { DeviceRecord } from '../data/accountModel';
import type { DeviceDetailsResolvers, DeviceResolvers } from '../generated/resolvers';

const WEBAUTHN = new Set(['webauthn', 'passkey', 'passkeys']);

function kind(d: DeviceRecord): 'totp' | 'webauthn' | undefined {
  const t = d.deviceType?.toLowerCase();
  if (t === 'totp') return 'totp';
  return t && WEBAUTHN.has(t) ? 'webauthn' : undefined;
}

export const Device: DeviceResolvers = {
  category: (d) => ({ name: kind(d) ?? d.deviceType ?? 'unknown' }),
  /** Computed from the stored device: TOTP devices work with authenticator apps; WebAuthn shows its authenticator. */
  details: (d) => {
    const k = kind(d);
    if (k === 'totp') return { __typename: 'TotpDeviceDetails', canUseWithTotpAuthenticator: true };
    if (k === 'webauthn')
      return {
        __typename: 'WebAuthnDeviceDetails',
        webAuthnAuthenticator: d.webAuthnAuthenticator ?? null,
      };
    return null;
  },
  meta: (d) => ({
    resourceType: 'Device',
    created: Math.floor(d.createdMs / 1000),
    lastModified: Math.floor(d.lastModifiedMs / 1000),
    timeZoneId: null,
  }),
};

export const DeviceDetails: DeviceDetailsResolvers = {
  __resolveType: (d) => d.__typename,
};
