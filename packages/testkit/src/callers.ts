import { type AuthContext, mintContext, secretKey } from '@fedmgmt/service-kit';
import { postGraphQL } from './http';

/**
 * Who a test request acts as at the gateway.
 *  - 'superadmin': the stack's bootstrap superadmin.
 *  - 'anonymous': no credentials.
 *  - { accessKey, secretKey }: a Backend.AI keypair (HMAC-signed request).
 *  - { token }: a bearer access token.
 */
export type Caller = 'superadmin' | 'anonymous' | { accessKey: string; secretKey: string } | { token: string };

export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Headers that authenticate `caller` for this exact request. */
export async function authHeaders(caller: Caller, _url: string, _body: GraphQLBody): Promise<Record<string, string>> {
  if (caller === 'superadmin' || caller === 'anonymous') return {}; // the test gateway runs with a dev principal
  if ('token' in caller) return { authorization: `Bearer ${caller.token}` };
  throw new Error('keypair-signed test requests are not available yet');
}

/** Posts straight to a subgraph with a context minted by the stack's own key (role tests). */
export async function postToSubgraph(
  url: string,
  audience: string,
  secret: string,
  body: GraphQLBody,
  ctx: Omit<AuthContext, 'requestId'> & { requestId?: string },
) {
  const token = await mintContext({ requestId: 'test', ...ctx }, { audience, key: secretKey(secret), body });
  return postGraphQL(url, body, { 'x-internal-auth': token });
}
