import { DEV_SUPERADMIN } from '@fedmgmt/admin';
import { signRequest } from '@fedmgmt/gateway';
import { type AuthContext, mintContext, secretKey } from '@fedmgmt/service-kit';
import { postGraphQL } from './http';

/** The stack's bootstrap superadmin: Backend.AI's documented dev keypair. */
export const BOOTSTRAP_SUPERADMIN = DEV_SUPERADMIN;

/**
 * Who a test request acts as at the gateway.
 *  - 'superadmin': the stack's bootstrap superadmin (HMAC-signed with its keypair).
 *  - 'anonymous': no credentials.
 *  - { accessKey, secretKey }: a Backend.AI keypair (HMAC-signed request).
 *  - { token }: a bearer access token (see Stack.mintToken).
 */
export type Caller =
  'superadmin' | 'anonymous' | { accessKey: string; secretKey: string } | { token: string };

export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Headers that authenticate `caller` for this exact request (`body` is what will be sent). */
export async function authHeaders(
  caller: Caller,
  url: string,
  body: GraphQLBody | string,
): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {};
  if (typeof caller === 'object' && 'token' in caller)
    return { authorization: `Bearer ${caller.token}` };
  const keypair = caller === 'superadmin' ? BOOTSTRAP_SUPERADMIN : caller;
  return signRequest({
    accessKey: keypair.accessKey,
    secretKey: keypair.secretKey,
    method: 'POST',
    url,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Posts straight to a subgraph with a context minted by the stack's own key (role tests). */
export async function postToSubgraph(
  url: string,
  audience: string,
  secret: string,
  body: GraphQLBody,
  ctx: Omit<AuthContext, 'requestId'> & { requestId?: string },
) {
  const token = await mintContext(
    { requestId: 'test', ...ctx },
    { audience, key: secretKey(secret), body },
  );
  return postGraphQL(url, body, { 'x-internal-auth': token });
}
