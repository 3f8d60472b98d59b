import { signRequest } from '../../src/auth/signer';
import { HARNESS_KEYPAIR, type Harness, startHarness } from './gatewayHarness';

const KEYS = { accessKey: HARNESS_KEYPAIR.access_key, secretKey: HARNESS_KEYPAIR.secret_key };
const TWO_OPS = 'query A { adminSees { kind } } query B { adminSees { role } }';
const MULTI = 'Must provide operation name if query contains multiple operations.';
const resolution = (message: string) => ({
  message,
  extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
});

describe('GraphQL request bodies: operation selection and variables nesting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A signed POST of raw text; returns status, content type and the parsed body. */
  async function post(path: string, text: string) {
    const url = `${h.origin}${path}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: signRequest({ ...KEYS, method: 'POST', url, body: text }),
      body: text,
      signal: AbortSignal.timeout(20_000),
    });
    const raw = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type')?.split(';')[0],
      body: JSON.parse(raw) as unknown,
    };
  }
  const postJson = (path: string, body: unknown) => post(path, JSON.stringify(body));

  describe('a document with several operations', () => {
    it("answers 400 with graphql-js's message on /graphql when no operation is named", async () => {
      expect(await postJson('/graphql', { query: TWO_OPS })).toEqual({
        status: 400,
        type: 'application/json',
        body: { errors: [resolution(MULTI)] },
      });
    });

    it('answers with the same clear error on /admin/gql (HTTP 200, as the manager) and /admin/graphql (400 problem)', async () => {
      expect(await postJson('/admin/gql', { query: TWO_OPS })).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: null, errors: [resolution(MULTI)] },
      });
      expect(await postJson('/admin/graphql', { query: TWO_OPS })).toEqual({
        status: 400,
        type: 'application/problem+json',
        body: {
          type: 'https://api.backend.ai/probs/graphql-error',
          title: 'GraphQL-generated error.',
          data: [resolution(MULTI)],
        },
      });
    });

    it('answers an unknown operation name with 400 naming it', async () => {
      expect(await postJson('/graphql', { query: TWO_OPS, operationName: 'C' })).toEqual({
        status: 400,
        type: 'application/json',
        body: { errors: [resolution('Unknown operation named "C".')] },
      });
    });

    it('runs the named one', async () => {
      expect(await postJson('/graphql', { query: TWO_OPS, operationName: 'B' })).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: { adminSees: { role: 'superadmin' } } },
      });
    });
  });

  describe("Backend.AI's operation_name on /admin/gql", () => {
    it('selects the operation by operation_name, also when operationName is null', async () => {
      const b = {
        status: 200,
        type: 'application/json',
        body: { data: { adminSees: { role: 'superadmin' } } },
      };
      expect(
        await postJson('/admin/gql', { query: TWO_OPS, variables: null, operation_name: 'B' }),
      ).toEqual(b);
      expect(
        await postJson('/admin/gql', { query: TWO_OPS, operationName: null, operation_name: 'B' }),
      ).toEqual(b);
      expect(
        await postJson('/admin/gql', { query: TWO_OPS, operation_name: null, operationName: 'B' }),
      ).toEqual(b);
    });

    it('answers an unknown operation_name with a clear error, not "Internal server error"', async () => {
      expect(
        await postJson('/admin/gql', {
          query: 'query A { adminSees { kind } }',
          operation_name: 'Who',
        }),
      ).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: null, errors: [resolution('Unknown operation named "Who".')] },
      });
    });

    it("refuses a non-string operation_name with the manager's invalid-api-params problem", async () => {
      const r = await postJson('/admin/gql', { query: TWO_OPS, operation_name: 5 });
      expect([r.status, r.type, (r.body as { type: string }).type]).toEqual([
        400,
        'application/problem+json',
        'https://api.backend.ai/probs/invalid-api-params',
      ]);
    });
  });

  describe('variables nesting', () => {
    const nested = (depth: number): string =>
      `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    const tooDeep = {
      status: 400,
      type: 'application/json',
      body: {
        errors: [
          {
            message:
              'Request body nested too deeply: variables may nest at most 64 levels of objects and arrays',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      },
    };

    it('refuses 100 000-deep variables with 400 on /graphql and /admin/gql', async () => {
      const text = `{"query":"{ adminSees { kind } }","variables":${nested(100_000)}}`;
      expect(await post('/graphql', text)).toEqual(tooDeep);
      expect(await post('/admin/gql', text)).toEqual(tooDeep);
    });

    it('accepts 64 levels and refuses 65', async () => {
      const at = (depth: number) =>
        post('/graphql', `{"query":"{ adminSees { kind } }","variables":${nested(depth)}}`);
      expect(await at(64)).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: { adminSees: { kind: 'keypair' } } },
      });
      expect(await at(65)).toEqual(tooDeep);
    });

    it('does not count brackets inside strings, escaped quotes included', async () => {
      const s = `\\"${'[{'.repeat(5000)}`;
      expect(
        await post('/graphql', `{"query":"{ adminSees { kind } }","variables":{"s":"${s}"}}`),
      ).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: { adminSees: { kind: 'keypair' } } },
      });
    });

    it('refuses a body that is nothing but opening brackets up to the size limit, and keeps serving', async () => {
      const text = `{"query":"{ adminSees { kind } }","variables":{"a":${'['.repeat(999_000)}`;
      const started = process.hrtime.bigint();
      expect(await post('/graphql', text)).toEqual(tooDeep);
      // Measured, not asserted: how long the refusal took over loopback.
      process.stdout.write(
        `deep-bracket body of ${text.length} bytes refused in ${Number(process.hrtime.bigint() - started) / 1e6} ms\n`,
      );
      expect(await postJson('/graphql', { query: '{ adminSees { kind } }' })).toEqual({
        status: 200,
        type: 'application/json',
        body: { data: { adminSees: { kind: 'keypair' } } },
      });
    });
  });
});
