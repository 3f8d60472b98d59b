import { DEV_SUPERADMIN } from '@fedmgmt/admin';
import { signRequest } from '@fedmgmt/gateway';

const CREATE = `mutation DevAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id userName } }
}`;

/**
 * Gives the dev superadmin a Curity account with the same primary email, through the product's
 * own path (a keypair-signed createAccount at the gateway), so a cross-subgraph query returns
 * data from both stores on a fresh `npm start`. A second start finds it there already.
 */
export async function ensureDevAccount(
  gatewayUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const email = env.SEED_ADMIN_EMAIL ?? DEV_SUPERADMIN.email;
  const body = JSON.stringify({
    query: CREATE,
    variables: {
      input: {
        fields: {
          userName: email.split('@')[0],
          emails: [{ value: email, primary: true }],
          active: true,
        },
      },
    },
  });
  const headers = signRequest({
    accessKey: env.SEED_ADMIN_ACCESS_KEY ?? DEV_SUPERADMIN.accessKey,
    secretKey: env.SEED_ADMIN_SECRET_KEY ?? DEV_SUPERADMIN.secretKey,
    method: 'POST',
    url: gatewayUrl,
    body,
  });
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json()) as {
    data?: { createAccount?: { account?: { userName: string } } };
    errors?: { extensions?: { classification?: string } }[];
  };
  if (json.data?.createAccount?.account)
    return `created account ${json.data.createAccount.account.userName} <${email}>`;
  if (json.errors?.every((e) => e.extensions?.classification === 'constraint-violation'))
    return `account for <${email}> already present`;
  throw new Error(
    `could not create the dev account (HTTP ${res.status}): ${JSON.stringify(json.errors ?? json)}`,
  );
}
