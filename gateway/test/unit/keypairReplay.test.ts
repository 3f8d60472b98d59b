import { AuthFailure } from '../../src/auth/failures';
import * as hmac from '../../src/auth/hmac';
import {
  type KeypairVerifierOptions,
  replayKey,
  type SignedRequest,
  verifyKeypairRequest,
} from '../../src/auth/keypairAuth';
import type { KeypairRecord } from '../../src/auth/keypairs';
import type { ReplayStore } from '../../src/auth/redisState';

// The test vector of the Backend.AI notes (backendai/notes.md §3): its signature covers the
// empty body's hash, as every Backend.AI client >= v4.20181215 signs.
const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DATE = '2024-05-01T12:34:56.789000+00:00';
const SIG = '06f2b755bb1026a34bb99525a83498e72ff09c36477b4df6df5ea693e7344327';

const keypair = (over: Partial<KeypairRecord> = {}): KeypairRecord => ({
  access_key: AK,
  secret_key: SK,
  is_active: true,
  is_admin: true,
  rate_limit: 1000,
  allowed_client_ip: null,
  user: {
    uuid: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
    email: 'admin@lablup.com',
    role: 'superadmin',
    domain: 'default',
  },
  ...over,
});

function memoryReplay(): ReplayStore & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    remember: async (ak, key) =>
      keys.includes(`${ak}|${key}`) ? false : (keys.push(`${ak}|${key}`), true),
  };
}

const request = (body: string): SignedRequest => ({
  method: 'POST',
  path: '/admin/gql',
  headers: {
    host: '127.0.0.1:8091',
    date: DATE,
    'content-type': 'application/json',
    'x-backendai-version': 'v8.20240315',
    authorization: `BackendAI signMethod=HMAC-SHA256, credential=${AK}:${SIG}`,
  },
  rawBody: Buffer.from(body),
  remoteAddress: '127.0.0.1',
});

const options = (
  kp: KeypairRecord | undefined,
  replay = memoryReplay(),
): KeypairVerifierOptions => ({
  keypairs: { get: async (ak) => (ak === AK ? kp : undefined) },
  replay,
  skewMs: 300_000,
  requireBodyHash: false,
  now: () => Date.parse(DATE),
});

async function failure(p: Promise<unknown>): Promise<AuthFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AuthFailure)) throw new Error(`expected an AuthFailure, got ${String(err)}`);
  return err;
}
const visible = (f: AuthFailure) => ({
  status: f.status,
  type: f.type,
  title: f.title,
  msg: f.msg,
  code: f.code,
});

describe('replay cache keyed on signature and body', () => {
  it('accepts different bodies under one empty-body signature, and refuses the same body again', async () => {
    const opts = options(keypair());
    const bodies = [
      '{"query":"{ a }"}',
      '{"query":"{ b }"}',
      '{"query":"{ a }","variables":{"x":1}}',
    ];
    for (const body of bodies)
      await expect(verifyKeypairRequest(request(body), opts)).resolves.toEqual(keypair());
    expect(visible(await failure(verifyKeypairRequest(request(bodies[1]!), opts)))).toEqual({
      status: 401,
      type: 'https://api.backend.ai/probs/auth-failed',
      title: 'Credential/signature mismatch.',
      msg: 'Replayed request',
      code: 'UNAUTHENTICATED',
    });
  });

  it('stores one key per distinct (signature, body) and never the signature alone', async () => {
    const replay = memoryReplay();
    const opts = options(keypair(), replay);
    await verifyKeypairRequest(request('{"query":"{ a }"}'), opts);
    await verifyKeypairRequest(request('{"query":"{ b }"}'), opts);
    expect(replay.keys).toEqual([
      `${AK}|${replayKey(SIG, hmac.sha256Hex('{"query":"{ a }"}'))}`,
      `${AK}|${replayKey(SIG, hmac.sha256Hex('{"query":"{ b }"}'))}`,
    ]);
    // An upper-case hex signature is the same signature: it must not pass as a new request.
    const upper = request('{"query":"{ a }"}');
    upper.headers.authorization = `BackendAI signMethod=HMAC-SHA256, credential=${AK}:${SIG.toUpperCase()}`;
    expect((await failure(verifyKeypairRequest(upper, opts))).msg).toBe('Replayed request');
  });
});

describe('unknown access keys answer like wrong secrets', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives an unknown key, an inactive key and a wrong secret the same status and body; the log keeps the reason', async () => {
    const body = '{"query":"{ a }"}';
    const unknown = await failure(verifyKeypairRequest(request(body), options(undefined)));
    const inactive = await failure(
      verifyKeypairRequest(request(body), options(keypair({ is_active: false }))),
    );
    const wrong = await failure(
      verifyKeypairRequest(request(body), options(keypair({ secret_key: 'another-secret' }))),
    );
    expect(visible(unknown)).toEqual(visible(wrong));
    expect(visible(inactive)).toEqual(visible(wrong));
    expect(visible(wrong)).toEqual({
      status: 401,
      type: 'https://api.backend.ai/probs/auth-failed',
      title: 'Credential/signature mismatch.',
      msg: 'Signature mismatch',
      code: 'UNAUTHENTICATED',
    });
    expect([unknown.detail, inactive.detail, wrong.detail]).toEqual([
      'Access key not found',
      'Access key inactive',
      undefined,
    ]);
  });

  it('does the same HMAC work for an unknown key as for a wrong secret', async () => {
    const body = '{"query":"{ a }"}';
    const spy = jest.spyOn(hmac, 'sign');
    await failure(
      verifyKeypairRequest(request(body), options(keypair({ secret_key: 'another-secret' }))),
    );
    const forWrongSecret = spy.mock.calls.length;
    spy.mockClear();
    await failure(verifyKeypairRequest(request(body), options(undefined)));
    expect(forWrongSecret).toBe(2); // the real body hash, then the empty-body compatibility form
    expect(spy.mock.calls.length).toBe(forWrongSecret);
  });
});
