import { request as httpRequest } from 'node:http';
import { signRequest } from '../../src/auth/signer';
import { HARNESS_KEYPAIR, type Harness, startHarness } from './gatewayHarness';

const CONSOLE = 'https://console.example.com';
const KEYS = { accessKey: HARNESS_KEYPAIR.access_key, secretKey: HARNESS_KEYPAIR.secret_key };
/** What a browser asks for before the web UI's signed POST (and Apollo's CSRF header). */
const REQUESTED =
  'authorization,content-type,user-agent,x-backendai-date,x-backendai-version,apollo-require-preflight';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP exchange, so the test controls Origin and the preflight headers exactly as a browser sends them. */
function exchange(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method, headers, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const corsHeaders = (r: Raw) =>
  Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.startsWith('access-control-')));
const preflight = (h: Harness, path: string, origin: string) =>
  exchange(h.origin, 'OPTIONS', path, {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': REQUESTED,
  });

describe('CORS with CORS_ORIGINS set', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CORS_ORIGINS: `${CONSOLE}, https://ops.example.com` });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers a preflight from an allowed origin with 204 and every header the clients send', async () => {
    for (const path of ['/graphql', '/admin/gql']) {
      const r = await preflight(h, path, CONSOLE);
      expect(r.status).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(CONSOLE);
      expect(r.headers['access-control-allow-credentials']).toBeUndefined();
      expect(String(r.headers['access-control-allow-methods']).split(', ')).toEqual(
        expect.arrayContaining(['POST', 'GET']),
      );
      const allowed = String(r.headers['access-control-allow-headers']).toLowerCase().split(', ');
      expect(allowed).toEqual(expect.arrayContaining(REQUESTED.split(',')));
      expect(String(r.headers.vary)).toMatch(/\bOrigin\b/);
    }
  });

  it('gives a foreign origin no CORS header at all, preflight or not', async () => {
    for (const origin of [
      'https://evil.example',
      'https://console.example.com.evil.example',
      'http://console.example.com',
      'null',
    ]) {
      const r = await preflight(h, '/graphql', origin);
      expect([r.status, corsHeaders(r)]).toEqual([204, {}]);
    }
    const body = JSON.stringify({ query: '{ adminSees { kind } }' });
    const url = `${h.origin}/graphql`;
    const r = await exchange(
      h.origin,
      'POST',
      '/graphql',
      { ...signRequest({ ...KEYS, method: 'POST', url, body }), origin: 'https://evil.example' },
      body,
    );
    expect(corsHeaders(r)).toEqual({});
  });

  it('lets the allowed origin read a signed answer, with the rate-limit headers exposed', async () => {
    const body = JSON.stringify({ query: '{ adminSees { kind } }' });
    const url = `${h.origin}/admin/gql`;
    const r = await exchange(
      h.origin,
      'POST',
      '/admin/gql',
      { ...signRequest({ ...KEYS, method: 'POST', url, body }), origin: CONSOLE },
      body,
    );
    expect([r.status, JSON.parse(r.body)]).toEqual([
      200,
      { data: { adminSees: { kind: 'keypair' } } },
    ]);
    expect(r.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(String(r.headers['access-control-expose-headers']).toLowerCase()).toContain(
      'x-ratelimit-remaining',
    );
  });

  it('keeps CSRF prevention: a signed request a browser could send without a preflight is still refused', async () => {
    const body = JSON.stringify({ query: '{ adminSees { kind } }' });
    const url = `${h.origin}/graphql`;
    const signed = signRequest({
      ...KEYS,
      method: 'POST',
      url,
      contentType: 'text/plain',
      body,
      hashBody: false,
    });
    const r = await exchange(h.origin, 'POST', '/graphql', { ...signed, origin: CONSOLE }, body);
    expect(r.status).toBe(400);
    expect(r.body).toContain(
      'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF).',
    );
    // And an unauthenticated simple POST gets nothing but 401.
    const anon = await exchange(
      h.origin,
      'POST',
      '/graphql',
      { origin: CONSOLE, 'content-type': 'text/plain' },
      body,
    );
    expect(anon.status).toBe(401);
  });
});

describe('CORS defaults', () => {
  it('allows loopback origins on any port when not in production, and nothing else', async () => {
    const h = await startHarness();
    try {
      for (const origin of [
        'http://localhost:9081',
        'http://127.0.0.1:5173',
        'http://[::1]:3000',
      ]) {
        expect(
          (await preflight(h, '/graphql', origin)).headers['access-control-allow-origin'],
        ).toBe(origin);
      }
      for (const origin of ['http://localhost.evil.example:9081', 'https://console.example.com']) {
        expect(corsHeaders(await preflight(h, '/graphql', origin))).toEqual({});
      }
    } finally {
      await h.stop();
    }
  });
});
