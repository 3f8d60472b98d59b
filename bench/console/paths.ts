/**
 * The two paths of each console page, in either layout: through the gateway, HMAC-signed as the
 * superadmin keypair with a fresh signature per request; and the same subgraph operations sent
 * directly, each with a context minted like the gateway's.
 */
import { signRequest } from '@fedmgmt/gateway';
import { type AuthContext, mintContextSync, secretKey } from '@fedmgmt/service-kit';
import { authHeaders, BOOTSTRAP_SUPERADMIN, type GraphQLBody } from '@fedmgmt/testkit';
import {
  ACCOUNTS_PAGE,
  USER_PAGE,
  USER_PAGE_ACCOUNTS,
  USER_PAGE_ADMIN,
  type UserItem,
} from './pages';
import type { Layout } from './wire';

export type Path = 'gateway' | 'direct';
export type Page = (size: number) => Record<Path, () => Promise<unknown>>;

async function post(
  url: string,
  body: GraphQLBody,
  headers: Record<string, string>,
): Promise<{ data?: Record<string, unknown>; errors?: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (res.status !== 200 || json.errors)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** The superadmin's context, as the gateway would mint it for the keypair. */
async function superadminContext(gw: string): Promise<AuthContext> {
  const query = '{ user { uuid email domain_name } }';
  const me = await post(gw, { query }, await authHeaders('superadmin', gw, { query }));
  const u = me.data?.user as { uuid: string; email: string; domain_name: string };
  return {
    kind: 'keypair',
    requestId: 'bench',
    subject: BOOTSTRAP_SUPERADMIN.accessKey,
    scopes: [],
    groups: ['accounts-admin'],
    user: {
      uuid: u.uuid,
      email: u.email,
      role: 'superadmin',
      domain: u.domain_name,
      accessKey: BOOTSTRAP_SUPERADMIN.accessKey,
    },
  };
}

export async function consolePages(layout: Layout): Promise<Record<string, Page>> {
  const gw = layout.gatewayUrl;
  const ctx = await superadminContext(gw);
  const direct = (name: 'admin' | 'accounts', url: string) => (body: GraphQLBody) =>
    post(url, body, {
      'x-internal-auth': mintContextSync(ctx, {
        audience: name,
        key: secretKey(layout.secrets[name]),
        body,
      }),
    });
  const toAdmin = direct('admin', layout.adminUrl);
  const toAccounts = direct('accounts', layout.accountsUrl);
  // A fresh signature per request: a distinct Date (ms) each time, as the gateway refuses a replayed one.
  let last = 0;
  const signed = (body: GraphQLBody) => {
    last = Math.max(Date.now(), last + 1);
    const { accessKey, secretKey: sk } = BOOTSTRAP_SUPERADMIN;
    return post(
      gw,
      body,
      signRequest({
        accessKey,
        secretKey: sk,
        method: 'POST',
        url: gw,
        body: JSON.stringify(body),
        date: new Date(last),
      }),
    );
  };
  return {
    users: (size) => ({
      gateway: () => signed({ query: USER_PAGE, variables: { limit: size } }),
      direct: async () => {
        const admin = await toAdmin({ query: USER_PAGE_ADMIN, variables: { limit: size } });
        const items = (admin.data?.user_list as { items: UserItem[] }).items;
        await toAccounts({
          query: USER_PAGE_ACCOUNTS,
          variables: {
            representations: items.map((i) => ({ __typename: 'User', email: i.email })),
          },
        });
      },
    }),
    accounts: (size) => ({
      gateway: () => signed({ query: ACCOUNTS_PAGE, variables: { first: size } }),
      direct: () => toAccounts({ query: ACCOUNTS_PAGE, variables: { first: size } }),
    }),
  };
}
