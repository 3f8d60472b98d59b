import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';

/**
 * Every output field of the accounts SDL whose name suggests a secret is accounted for: the
 * shown-once payload fields of the start mutations (tested in selfserviceSecrets and
 * selfserviceMfa), or a named non-secret. Nothing returns a password, a stored TOTP key, a
 * recovery code after its batch was issued, or a DCR client secret (that one only in the
 * RFC 7591 registration response, see dcrSecrets.test.ts).
 */
const SUSPECT = /secret|passw|private|seed|hash|token|otp|^key$|code|credential/i;
const SHOWN_ONCE: Record<string, string> = {
  'StartVerifyTotpDeviceByAccountIdPayload.key':
    'the new TOTP key, in the start mutation only; stored sealed',
  'StartOptInMfaSetupByAccountIdPayload.recoveryCodes': 'a new batch, once; stored as HMACs',
  'StartOptInMfaResetRecoveryCodesByAccountIdPayload.recoveryCodes':
    'a new batch, once; stored as HMACs',
};
const NOT_SECRET: Record<string, string> = {
  'Address.postalCode': 'an address part',
  'TotpDeviceDetails.canUseWithTotpAuthenticator': 'a flag',
  'OptinMfa.recoveryCodeBatch': 'batch id, time and consumed flags only (RecoveryCodeValidation)',
  'RecoveryCodeBatch.codes': 'consumed / consumedAt per code, never the code',
  'CredentialPolicyDescriptor.credentialUpdateRules': 'the policy rules',
  'Query.credentialPolicy': 'the policy rules',
  'Query.credentialPolicyRulesStateByUserName': 'reset/history/age state, no password',
  'Mutation.validatePasswordAndUpdateAccountById': 'a mutation',
  'Mutation.startVerifyTotpDeviceByAccountId': 'a mutation (its payload is listed above)',
  'Mutation.completeVerifyTotpDeviceByAccountId': 'a mutation',
  'Mutation.startOptInMfaResetRecoveryCodesByAccountId': 'a mutation (its payload is listed above)',
  'Mutation.completeOptInMfaResetRecoveryCodesByAccountId': 'a mutation',
  'Mutation.setCredentialPolicyRulesStateByUserName': 'a mutation',
  'Mutation.sendPasswordResetEmail': 'a mutation; the link goes to the sender only',
  'StartVerifyPasskeyByAccountIdPayload.credentialOptionsJson':
    'WebAuthn creation options (a public challenge)',
  'DynamicallyRegisteredClient.token_endpoint_auth_methods': 'method names',
  'DynamicallyRegisteredClient.backchannel_token_delivery_mode': 'an enum',
};

function suspectOutputFields(schemaDir: string): string[] {
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  const doc = parse(files.map((f) => readFileSync(join(schemaDir, f), 'utf8')).join('\n'));
  const out: string[] = [];
  for (const d of doc.definitions) {
    const object =
      d.kind === Kind.OBJECT_TYPE_DEFINITION ||
      d.kind === Kind.OBJECT_TYPE_EXTENSION ||
      d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      d.kind === Kind.INTERFACE_TYPE_EXTENSION;
    if (!object || !d.fields) continue;
    for (const f of d.fields)
      if (SUSPECT.test(f.name.value)) out.push(`${d.name.value}.${f.name.value}`);
  }
  return out.sort();
}

describe('secret-looking output fields of the accounts SDL', () => {
  const found = suspectOutputFields(join(__dirname, '..', '..', 'src', 'schema'));
  it('are each a shown-once payload field or a named non-secret', () => {
    expect(found.filter((f) => !(f in SHOWN_ONCE) && !(f in NOT_SECRET))).toEqual([]);
  });
  it('put the shown-once fields only on Start* mutation payloads', () => {
    expect(Object.keys(SHOWN_ONCE).filter((f) => !/^Start\w+Payload\./.test(f))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(Object.keys(SHOWN_ONCE)));
  });
});
