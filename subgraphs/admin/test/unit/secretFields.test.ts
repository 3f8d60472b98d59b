import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';

/**
 * Every output field whose name suggests a secret must be accounted for here: either a secret
 * with its per-role rule (tested in test/integration/secrets.test.ts, README "Secrets") or a
 * named non-secret. A new field such as `password` or `ssh_private_key` fails this test until
 * someone decides who may read it.
 */
const SUSPECT = /secret|passw|private|seed|hash|token|otp|^key$|code|credential|ssh/i;
const SECRETS: Record<string, string> = {
  'KeyPair.secret_key':
    "maySeeSecretKey: superadmin all, domain admin its domain but not a superadmin's, user own, monitor/token none",
  'ScalingGroup.wsproxy_api_token': 'maySeeInfraSecrets: superadmin only',
  'ContainerRegistryNode.password':
    'registryPasswordView: "*****" to a superadmin when one is stored, else null; never the credential',
  'ContainerRegistryConfig.password': 'registryPasswordView, as ContainerRegistryNode.password',
};
/** Backend.AI's registry `password` fields only ever carry a placeholder (test/integration/containerRegistries*). */
const PLACEHOLDER_PASSWORDS = [
  'ContainerRegistryConfig.password',
  'ContainerRegistryNode.password',
];
const NOT_SECRET: Record<string, string> = {
  'ResourceLimit.key': 'a slot name',
  'KVPair.key': 'a label name',
  'User.need_password_change': 'a flag',
  'User.totp_activated': 'a flag',
  'User.totp_activated_at': 'a time',
  'Image.hash': 'the public image digest',
  'KeyPair.ssh_public_key': 'a public key',
  // Relay and V2 types (resolvers/relay, resolvers/v2): no secret-bearing field is served there.
  'KeyPairV2.sshPublicKey': 'a public key',
  'UserNode.need_password_change': 'a flag',
  'UserNode.totp_activated': 'a flag',
  'UserNode.totp_activated_at': 'a time',
  'UserV2SecurityInfo.totpActivated': 'a flag',
  'UserV2SecurityInfo.totpActivatedAt': 'a time',
  'UserV2StatusInfo.needPasswordChange': 'a flag',
  'Viewer.encoded_user_role': "the caller's own role, base64",
  'ImageV2LabelEntry.key': 'a label name',
  'ImageV2ResourceLimit.key': 'a slot name',
  'ImageV2TagEntry.key': 'a tag name',
};

export function suspectOutputFields(schemaDir: string): string[] {
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

describe('secret-looking output fields of the admin SDL', () => {
  it('are each either a secret with a rule or a named non-secret', () => {
    const found = suspectOutputFields(join(__dirname, '..', '..', 'src', 'schema'));
    expect(found.filter((f) => !(f in SECRETS) && !(f in NOT_SECRET))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(Object.keys(SECRETS)));
  });

  it('has no password field on any type but the registry placeholders', () => {
    expect(
      suspectOutputFields(join(__dirname, '..', '..', 'src', 'schema')).filter((f) =>
        /\.password$/i.test(f),
      ),
    ).toEqual(PLACEHOLDER_PASSWORDS);
  });
});
