import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { type AuthContext, mintContext, secretKey } from '../../src/context';
import { authOf, mountInternalRoute } from '../../src/internalRoute';

/** The one guard of every gateway-only route: what it refuses and what reaches the handler. */
const SECRET = 's'.repeat(32);
const BINDING = { query: 'internal:test' };
const service: AuthContext = { kind: 'service', requestId: 'r', scopes: [], groups: [] };

describe('mountInternalRoute', () => {
  let server: Server;
  let base: string;
  const lines: { reason?: string; msg?: string }[] = [];
  beforeAll(async () => {
    const logger = pino(
      { level: 'warn' },
      { write: (l: string) => void lines.push(JSON.parse(l) as { reason?: string; msg?: string }) },
    );
    const app = express();
    const refuse = (res: express.Response) => void res.status(401).json({ refused: true });
    const common = {
      audience: 'svc',
      internalAuthSecret: SECRET,
      logger,
      binding: () => BINDING,
      refuse,
      refusedMessage: 'refused',
    };
    const handler = (_req: express.Request, res: express.Response) =>
      void res.json({ kind: authOf(res).kind });
    mountInternalRoute(
      app,
      { ...common, method: 'get', path: '/only-service', allow: (a) => a.kind === 'service' },
      handler,
    );
    mountInternalRoute(
      app,
      {
        ...common,
        method: 'get',
        path: '/or-open',
        withoutContext: (_req, res) => void res.json({ open: true }),
      },
      handler,
    );
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const mint = (over: { ctx?: AuthContext; audience?: string; key?: string; body?: object } = {}) =>
    mintContext(over.ctx ?? service, {
      audience: over.audience ?? 'svc',
      key: secretKey(over.key ?? SECRET),
      body: over.body ?? BINDING,
    });
  const get = async (path: string, token?: string) => {
    const res = await fetch(
      `${base}${path}`,
      token ? { headers: { 'x-internal-auth': token } } : {},
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const refused = { status: 401, body: { refused: true } };

  it('hands a valid context to the handler', async () => {
    expect(await get('/only-service', await mint())).toEqual({
      status: 200,
      body: { kind: 'service' },
    });
  });

  it('refuses missing, forged, wrong-audience, other-operation, replayed and disallowed contexts alike', async () => {
    lines.length = 0;
    expect(await get('/only-service')).toEqual(refused);
    expect(await get('/only-service', 'x'.repeat(9000))).toEqual(refused);
    expect(await get('/only-service', await mint({ key: 'f'.repeat(32) }))).toEqual(refused);
    expect(await get('/only-service', await mint({ audience: 'other' }))).toEqual(refused);
    expect(await get('/only-service', await mint({ body: { query: '{ other }' } }))).toEqual(
      refused,
    );
    const once = await mint();
    expect((await get('/only-service', once)).status).toBe(200);
    expect(await get('/only-service', once)).toEqual(refused);
    const token = { ...service, kind: 'token' as const, subject: 'alice' };
    expect(await get('/only-service', await mint({ ctx: token }))).toEqual(refused);
    expect(lines.map((l) => [l.msg, l.reason])).toEqual([
      ['refused', 'bad signature'],
      ['refused', 'wrong audience'],
      ['refused', 'operation mismatch'],
      ['refused', 'replayed'],
      ['refused', 'not allowed'],
    ]);
  });

  it('sends a request without any context to withoutContext, but still refuses a bad one', async () => {
    expect(await get('/or-open')).toEqual({ status: 200, body: { open: true } });
    expect(await get('/or-open', await mint())).toEqual({ status: 200, body: { kind: 'service' } });
    expect(await get('/or-open', await mint({ audience: 'other' }))).toEqual(refused);
  });
});
