import { parseArgs } from 'node:util';
import { openLocalIssuer } from '../auth/localIssuer';
import type { GatewayConfig } from '../config';

export const TOKEN_HELP = `fedmgmt token --sub SUBJECT [options]
  Mints an access token from the local dev issuer (its key pair lives in GATEWAY_DATA_DIR and is
  created on first use); a gateway started with LOCAL_ISSUER=true trusts it.
  --sub SUBJECT         the token subject (required)
  --scope "a b"         space-separated scopes
  --group NAME          a group (repeatable)
  --account-id ID       the account id claim (self-service)
  --email EMAIL         the email claim
  --ttl SECONDS         lifetime, default 3600`;

export async function runToken(
  argv: string[],
  config: GatewayConfig,
  out: (s: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sub: { type: 'string' },
      scope: { type: 'string' },
      group: { type: 'string', multiple: true },
      'account-id': { type: 'string' },
      email: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  if (!values.sub) throw new Error(`--sub is required\n${TOKEN_HELP}`);
  const ttl = Number(values.ttl ?? 3600);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400)
    throw new Error('--ttl must be an integer number of seconds in [1, 86400]');
  const tokens = config.auth.tokens;
  const issuer = await openLocalIssuer(tokens.dataDir);
  const token = await issuer.mint({
    subject: values.sub,
    audience: tokens.audience,
    scopes: (values.scope ?? '').split(' ').filter(Boolean),
    groups: values.group ?? [],
    ttlSeconds: ttl,
    claimNames: tokens.claims,
    ...(values['account-id'] ? { accountId: values['account-id'] } : {}),
    ...(values.email ? { email: values.email } : {}),
  });
  out(token);
  return 0;
}
