import pino from 'pino';
import { signRequest } from '../../src/auth/signer';
import { HARNESS_KEYPAIR, type Harness, startHarness } from './gatewayHarness';

/** Every JSON line the gateway logged. */
const lines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
);

describe('refused requests: uniform answers, and logs with the real path and reason', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, logger);
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function post(path: string, keys: { accessKey: string; secretKey: string }) {
    const url = `${h.origin}${path}`;
    const body = JSON.stringify({ query: '{ adminSees { kind } }' });
    const res = await fetch(url, {
      method: 'POST',
      headers: signRequest({ ...keys, method: 'POST', url, body }),
      body,
    });
    const rate = ['limit', 'remaining', 'window'].map((k) => res.headers.get(`x-ratelimit-${k}`));
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      rate,
      body: await res.text(),
    };
  }
  const refused = () =>
    lines
      .filter((l) => l.msg === 'request refused')
      .map((l) => ({ path: l.path, status: l.status, reason: l.reason }));

  it('answers an unknown access key exactly as a wrong secret, on /graphql and /admin/gql', async () => {
    const unknown = { accessKey: 'AKNOSUCHKEY0000000000', secretKey: HARNESS_KEYPAIR.secret_key };
    const wrong = { accessKey: HARNESS_KEYPAIR.access_key, secretKey: 'not-the-secret' };
    for (const path of ['/graphql', '/admin/gql']) {
      const a = await post(path, unknown);
      const b = await post(path, wrong);
      expect(a).toEqual(b);
      expect(a.status).toBe(401);
      expect(a.body).toContain('Signature mismatch');
      expect(a.body).not.toContain('not found');
    }
    expect(
      (
        await post('/graphql', {
          accessKey: HARNESS_KEYPAIR.access_key,
          secretKey: HARNESS_KEYPAIR.secret_key,
        })
      ).status,
    ).toBe(200);
  });

  it('logs the path the client asked for, not the mount-relative one, and the real reason', async () => {
    lines.length = 0;
    const unknown = { accessKey: 'AKNOSUCHKEY0000000000', secretKey: 'x' };
    await post('/graphql', unknown);
    await post('/graphql?trace=1', { accessKey: HARNESS_KEYPAIR.access_key, secretKey: 'wrong' });
    await post('/admin/gql', unknown);
    await fetch(`${h.origin}/graphql/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ adminSees { kind } }"}',
    });
    expect(refused()).toEqual([
      { path: '/graphql', status: 401, reason: 'Access key not found' },
      { path: '/graphql', status: 401, reason: 'Signature mismatch' },
      { path: '/admin/gql', status: 401, reason: 'Access key not found' },
      { path: '/graphql/', status: 401, reason: 'Unauthorized access' },
    ]);
  });
});
