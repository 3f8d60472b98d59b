import { createHash, createHmac } from 'node:crypto';
import { HARNESS_KEYPAIR, type Harness, startHarness } from './gatewayHarness';

/**
 * Signs exactly as Backend.AI's web UI does: lablup/backend.ai-webui `src/lib/backend.ai-client-esm.ts`,
 * `Client.newSignedRequest` / `getAuthenticationString` / `getSignKey` / `sign` (CryptoES there,
 * node:crypto here), in API mode:
 *  - d = new Date(); the date header is `X-BackendAI-Date: d.toISOString()` (milliseconds, "Z");
 *  - endpointHost = endpoint without its scheme; the signed path is the request's queryString;
 *  - the signed body is the JSON body only if `apiVersion[1] < 4`, else '' (so e3b0c442... for v8);
 *  - string = METHOD \n path \n date \n host:<endpointHost> \n content-type:application/json \n
 *    x-backendai-version:<v> \n hex(sha256(signed body));
 *  - k1 = HMAC-SHA256(utf8 secret, UTC YYYYMMDD of d); k2 = HMAC-SHA256(k1, endpointHost);
 *    signature = hex(HMAC-SHA256(k2, string));
 *  - headers: User-Agent, X-BackendAI-Version, X-BackendAI-Date,
 *    `Authorization: BackendAI signMethod=HMAC-SHA256, credential=<ak>:<sig>`, Content-Type.
 * `Client.query(q, v)` posts `{query: q, variables: v}` to `/admin/gql`.
 */
const API_VERSION = 'v8.20240915';

function webuiSignedRequest(
  endpoint: string,
  method: string,
  queryString: string,
  body: unknown,
  d: Date,
) {
  const endpointHost = endpoint.replace(/^[^:]+:\/\//, '');
  const requestBody = JSON.stringify(body);
  const authBody = Number(API_VERSION[1]) < 4 ? requestBody : '';
  const bodyHash = createHash('sha256').update(authBody).digest('hex');
  const aStr = `${method}\n${queryString}\n${d.toISOString()}\nhost:${endpointHost}\ncontent-type:application/json\nx-backendai-version:${API_VERSION}\n${bodyHash}`;
  const ymd =
    `0000${d.getUTCFullYear()}`.slice(-4) +
    `0${d.getUTCMonth() + 1}`.slice(-2) +
    `0${d.getUTCDate()}`.slice(-2);
  const k1 = createHmac('sha256', Buffer.from(HARNESS_KEYPAIR.secret_key, 'utf8'))
    .update(ymd, 'utf8')
    .digest();
  const k2 = createHmac('sha256', k1).update(endpointHost, 'utf8').digest();
  const signature = createHmac('sha256', k2).update(aStr, 'utf8').digest('hex');
  const headers = {
    'User-Agent': 'Backend.AI Client for Javascript 22.09.0; Backend.AI Web UI.',
    'X-BackendAI-Version': API_VERSION,
    'X-BackendAI-Date': d.toISOString(),
    Authorization: `BackendAI signMethod=HMAC-SHA256, credential=${HARNESS_KEYPAIR.access_key}:${signature}`,
    'Content-Type': 'application/json',
  };
  return { uri: endpoint + queryString, init: { method, headers, body: requestBody } };
}

async function send(rqst: { uri: string; init: RequestInit }) {
  const res = await fetch(rqst.uri, { ...rqst.init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: await res.json() };
}

/** A console page's first paint: five different queries. */
const PAGE = [
  { query: 'query { adminSees { kind } }', variables: {} },
  { query: 'query { adminSees { role email } }', variables: {} },
  { query: 'query { accountsSees { kind subject } }', variables: {} },
  { query: 'query Node { node { name } }', variables: null },
  {
    query: 'query Both { adminSees { accessKey } accountsSees { groups } }',
    variables: { unused: 1 },
  },
];
const EXPECTED = [
  { data: { adminSees: { kind: 'keypair' } } },
  { data: { adminSees: { role: 'superadmin', email: 'admin@lablup.com' } } },
  { data: { accountsSees: { kind: 'keypair', subject: HARNESS_KEYPAIR.access_key } } },
  { data: { node: { name: 'n30' } } },
  {
    data: {
      adminSees: { accessKey: HARNESS_KEYPAIR.access_key },
      accountsSees: { groups: ['accounts-admin'] },
    },
  },
];

describe('requests signed like the Backend.AI web UI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('signs one request the way the gateway verifies it (a plain single request passes)', async () => {
    const r = await send(webuiSignedRequest(h.origin, 'POST', '/admin/gql', PAGE[0], new Date()));
    expect(r).toEqual({ status: 200, body: EXPECTED[0] });
  });

  it('accepts five different operations signed at one instant and sent together, on /admin/gql and /graphql', async () => {
    for (const path of ['/admin/gql', '/graphql']) {
      const d = new Date();
      const requests = PAGE.map((body) => webuiSignedRequest(h.origin, 'POST', path, body, d));
      // Same instant, same empty-body hash: every request carries the same signature.
      expect(new Set(requests.map((r) => r.init.headers.Authorization)).size).toBe(1);
      const results = await Promise.all(requests.map(send));
      expect(results).toEqual(EXPECTED.map((body) => ({ status: 200, body })));
    }
  });

  it('accepts the same query with different variables at one instant', async () => {
    const d = new Date();
    const q = 'query ($x: Int) { adminSees { kind } }';
    const results = await Promise.all(
      [1, 2, 3].map((x) =>
        send(webuiSignedRequest(h.origin, 'POST', '/admin/gql', { query: q, variables: { x } }, d)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('still refuses the identical request sent again (same signature and same body) with 401', async () => {
    const d = new Date();
    const first = webuiSignedRequest(h.origin, 'POST', '/admin/gql', PAGE[1], d);
    const again = webuiSignedRequest(h.origin, 'POST', '/admin/gql', PAGE[1], d);
    expect(again).toEqual(first);
    expect(await send(first)).toEqual({ status: 200, body: EXPECTED[1] });
    expect(await send(again)).toEqual({
      status: 401,
      body: {
        type: 'https://api.backend.ai/probs/auth-failed',
        title: 'Credential/signature mismatch.',
        msg: 'Replayed request',
      },
    });
  });

  it('refuses concurrent copies of one request: exactly one passes', async () => {
    const rqst = webuiSignedRequest(h.origin, 'POST', '/graphql', PAGE[2], new Date());
    const results = await Promise.all(Array.from({ length: 5 }, () => send(rqst)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });
});
