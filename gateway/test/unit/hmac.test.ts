import { AuthFailure } from '../../src/auth/failures';
import {
  EMPTY_BODY_SHA256,
  parseAuthorization,
  parseRequestDate,
  sign,
  signaturesEqual,
} from '../../src/auth/hmac';
import {
  type KeypairVerifierOptions,
  type SignedRequest,
  verifyKeypairRequest,
} from '../../src/auth/keypairAuth';
import type { KeypairRecord } from '../../src/auth/keypairs';
import type { ReplayStore } from '../../src/auth/redisState';
import { signRequest } from '../../src/auth/signer';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const VECTOR_DATE = '2024-05-01T12:34:56.789000+00:00';
const VECTOR_SIG = '06f2b755bb1026a34bb99525a83498e72ff09c36477b4df6df5ea693e7344327';

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

function memoryReplay(): ReplayStore {
  const seen = new Set<string>();
  return {
    remember: async (ak, sig) => !seen.has(`${ak}:${sig}`) && Boolean(seen.add(`${ak}:${sig}`)),
  };
}

function options(
  over: Partial<KeypairVerifierOptions> = {},
  kp: KeypairRecord | undefined = keypair(),
): KeypairVerifierOptions {
  return {
    keypairs: { get: async (ak) => (ak === AK ? kp : undefined) },
    replay: memoryReplay(),
    skewMs: 300_000,
    requireBodyHash: false,
    ...over,
  };
}

/** The notes' test vector request, as Backend.AI's client-py would send it. */
function vectorRequest(
  over: Partial<SignedRequest> = {},
  headers: Record<string, string> = {},
): SignedRequest {
  return {
    method: 'POST',
    path: '/admin/gql',
    headers: {
      host: '127.0.0.1:8091',
      date: VECTOR_DATE,
      'content-type': 'application/json',
      'x-backendai-version': 'v8.20240315',
      authorization: `BackendAI signMethod=HMAC-SHA256, credential=${AK}:${VECTOR_SIG}`,
      ...headers,
    },
    rawBody: Buffer.from('{"query":"{ __typename }"}'),
    remoteAddress: '127.0.0.1',
    ...over,
  };
}

const atVectorTime = { now: () => Date.parse(VECTOR_DATE) };

async function refusal(p: Promise<unknown>): Promise<Pick<AuthFailure, 'status' | 'type' | 'msg'>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AuthFailure)) throw new Error(`expected an AuthFailure, got ${String(err)}`);
  return { status: err.status, type: err.type, msg: err.msg };
}

const AUTH_FAILED = 'https://api.backend.ai/probs/auth-failed';
const INVALID_PARAMS = 'https://api.backend.ai/probs/invalid-auth-params';

describe('Backend.AI HMAC signing', () => {
  it('reproduces the test vector of the notes', () => {
    const sig = sign(SK, '20240501', {
      method: 'POST',
      path: '/admin/gql',
      rawDate: VECTOR_DATE,
      host: '127.0.0.1:8091',
      contentType: 'application/json',
      version: 'v8.20240315',
      bodySha256Hex: EMPTY_BODY_SHA256,
    });
    expect(sig).toBe(VECTOR_SIG);
  });

  it('signs like client-py when the signer is asked for the empty body hash', () => {
    const headers = signRequest({
      accessKey: AK,
      secretKey: SK,
      method: 'POST',
      url: 'http://127.0.0.1:8091/admin/gql',
      date: new Date(Date.parse(VECTOR_DATE)),
      body: '{}',
      hashBody: false,
    });
    expect(headers).toEqual({
      date: '2024-05-01T12:34:56.789+00:00',
      'content-type': 'application/json',
      'x-backendai-version': 'v8.20240315',
      authorization: expect.stringMatching(
        new RegExp(`^BackendAI signMethod=HMAC-SHA256, credential=${AK}:[0-9a-f]{64}$`),
      ),
    });
  });

  it('parses the header the way the manager does, and only allows HMAC-SHA256', () => {
    expect(parseAuthorization(`BackendAI signMethod=HMAC-SHA256, credential=${AK}:abc`)).toEqual({
      signMethod: 'HMAC-SHA256',
      accessKey: AK,
      signature: 'abc',
    });
    expect(parseAuthorization(`Sorna signMethod=HMAC-SHA256,credential=${AK}:abc`).accessKey).toBe(
      AK,
    );
    expect(() => parseAuthorization(`BackendAI signMethod=HMAC-MD5, credential=${AK}:abc`)).toThrow(
      'Unsupported request signing method (hash type)',
    );
    expect(() => parseAuthorization('Bearer x')).toThrow('Invalid authorization type name');
    expect(() => parseAuthorization('BackendAI signMethod=HMAC-SHA256')).toThrow(
      'Missing or malformed authorization parameters',
    );
  });

  it('reads ISO and HTTP dates, a naive one as UTC, and takes YYYYmmdd from the header itself', () => {
    expect(parseRequestDate('2024-05-01T23:30:00-05:00')).toEqual({
      at: Date.parse('2024-05-02T04:30:00Z'),
      ymd: '20240501',
    });
    expect(parseRequestDate('2024-05-01T12:00:00')).toEqual({
      at: Date.parse('2024-05-01T12:00:00Z'),
      ymd: '20240501',
    });
    expect(parseRequestDate('Wed, 01 May 2024 12:34:56 GMT')).toEqual({
      at: Date.parse('2024-05-01T12:34:56Z'),
      ymd: '20240501',
    });
    expect(parseRequestDate('yesterday')).toBeUndefined();
  });

  it('compares in constant time and refuses a digest of another length', () => {
    expect(signaturesEqual(VECTOR_SIG, VECTOR_SIG)).toBe(true);
    expect(signaturesEqual(VECTOR_SIG, VECTOR_SIG.slice(2))).toBe(false);
    expect(signaturesEqual(VECTOR_SIG, `${VECTOR_SIG}00`)).toBe(false);
    expect(signaturesEqual(VECTOR_SIG, 'zz'.repeat(32))).toBe(false);
  });
});

describe('verifyKeypairRequest', () => {
  it('accepts the test vector request and returns the keypair', async () => {
    await expect(verifyKeypairRequest(vectorRequest(), options(atVectorTime))).resolves.toEqual(
      keypair(),
    );
  });

  it('refuses a date outside the skew window with 400 "Date/time sync error"', async () => {
    const sixMinutesLater = { now: () => Date.parse(VECTOR_DATE) + 6 * 60_000 };
    expect(await refusal(verifyKeypairRequest(vectorRequest(), options(sixMinutesLater)))).toEqual({
      status: 400,
      type: INVALID_PARAMS,
      msg: 'Date/time sync error',
    });
    await expect(
      verifyKeypairRequest(vectorRequest(), options({ ...sixMinutesLater, skewMs: 15 * 60_000 })),
    ).resolves.toEqual(keypair());
  });

  it('refuses the same signature twice with 401', async () => {
    const opts = options(atVectorTime);
    await verifyKeypairRequest(vectorRequest(), opts);
    expect(await refusal(verifyKeypairRequest(vectorRequest(), opts))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Replayed request',
    });
  });

  it('fails closed with 503 when the replay store cannot answer', async () => {
    const down: ReplayStore = {
      remember: async () => {
        throw new Error('Connection is closed.');
      },
    };
    expect(
      await refusal(
        verifyKeypairRequest(vectorRequest(), options({ ...atVectorTime, replay: down })),
      ),
    ).toEqual({
      status: 503,
      type: 'https://api.backend.ai/probs/service-unavailable',
      msg: 'Authentication is temporarily unavailable',
    });
  });

  it('refuses a request signed for another host with 401 "Signature mismatch"', async () => {
    const req = vectorRequest({}, { host: 'gateway.example:8091' });
    expect(await refusal(verifyKeypairRequest(req, options(atVectorTime)))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
  });

  it('ignores X-Forwarded-Host and X-Forwarded-For', async () => {
    const req = vectorRequest(
      { remoteAddress: '10.0.0.9' },
      { host: 'evil:1', 'x-forwarded-host': '127.0.0.1:8091', 'x-forwarded-for': '127.0.0.1' },
    );
    expect(await refusal(verifyKeypairRequest(req, options(atVectorTime)))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
    const ipBound = options(atVectorTime, keypair({ allowed_client_ip: ['127.0.0.1'] }));
    const fromElsewhere = vectorRequest(
      { remoteAddress: '10.0.0.9' },
      { 'x-forwarded-for': '127.0.0.1' },
    );
    expect(await refusal(verifyKeypairRequest(fromElsewhere, ipBound))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: "'10.0.0.9' is not allowed IP address",
    });
  });

  it('accepts a peer inside an allowed CIDR range', async () => {
    const opts = options(atVectorTime, keypair({ allowed_client_ip: ['10.0.0.0/8'] }));
    await expect(
      verifyKeypairRequest(vectorRequest({ remoteAddress: '::ffff:10.1.2.3' }), opts),
    ).resolves.toEqual(keypair({ allowed_client_ip: ['10.0.0.0/8'] }));
  });

  it('refuses an inactive or unknown keypair with the same 401 "Signature mismatch" as a wrong secret', async () => {
    const inactive = options(atVectorTime, keypair({ is_active: false }));
    expect(await refusal(verifyKeypairRequest(vectorRequest(), inactive))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
    const unknown = options({ ...atVectorTime, keypairs: { get: async () => undefined } });
    expect(await refusal(verifyKeypairRequest(vectorRequest(), unknown))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
  });

  it('refuses a signature made with the wrong secret with 401 "Signature mismatch"', async () => {
    const opts = options(atVectorTime, keypair({ secret_key: 'another-secret' }));
    expect(await refusal(verifyKeypairRequest(vectorRequest(), opts))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
  });

  it('requires the real body hash when configured, and then accepts our signer', async () => {
    const strict = options({ ...atVectorTime, requireBodyHash: true });
    expect(await refusal(verifyKeypairRequest(vectorRequest(), strict))).toEqual({
      status: 401,
      type: AUTH_FAILED,
      msg: 'Signature mismatch',
    });
    const body = '{"query":"{ __typename }"}';
    const headers = signRequest({
      accessKey: AK,
      secretKey: SK,
      method: 'POST',
      url: 'http://127.0.0.1:8091/graphql',
      body,
      date: new Date(Date.parse(VECTOR_DATE)),
    });
    const req: SignedRequest = {
      method: 'POST',
      path: '/graphql',
      headers: { ...headers, host: '127.0.0.1:8091' },
      rawBody: Buffer.from(body),
      remoteAddress: '127.0.0.1',
    };
    await expect(verifyKeypairRequest(req, strict)).resolves.toEqual(keypair());
  });

  it('refuses a missing version and duplicate Authorization headers with 400', async () => {
    const noVersion = vectorRequest({}, { 'x-backendai-version': '' });
    expect(await refusal(verifyKeypairRequest(noVersion, options(atVectorTime)))).toEqual({
      status: 400,
      type: INVALID_PARAMS,
      msg: 'API version missing in request headers',
    });
    const dup = vectorRequest();
    dup.headers.authorization = [String(dup.headers.authorization), 'BackendAI x'];
    expect(await refusal(verifyKeypairRequest(dup, options(atVectorTime)))).toEqual({
      status: 400,
      type: INVALID_PARAMS,
      msg: 'Duplicate authorization header',
    });
  });
});
