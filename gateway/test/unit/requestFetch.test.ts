import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { failureReason, subgraphFailure } from '../../src/errors';
import { requestAsFetch } from '../../src/requestFetch';

/** The subgraph stand-in: each path is one behaviour. */
function startServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json', 'Cache-Control': 'max-age=5' });
        res.end(JSON.stringify({ data: { method: req.method, body, seen: req.headers['x-a'] } }));
      } else if (req.url === '/401') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"no"}]}');
      } else if (req.url === '/502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      } else if (req.url === '/hang') {
        // never answers
      } else if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":');
        setTimeout(() => res.destroy(), 20);
      } else if (req.url === '/notjson') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":');
      }
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let server: Server;
let base: string;
const agent = new Agent({ connections: 4 });

beforeAll(async () => ({ server, base } = await startServer()));
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const init = (ms = 2000) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'X-A': 'b' },
  body: '{"query":"{ x }"}',
  signal: AbortSignal.timeout(ms),
});

/** What each client gives: status and body, or the error's shape and how errors.ts classifies it. */
async function outcome(
  via: 'fetch' | 'request',
  path: string,
  ms?: number,
): Promise<Record<string, unknown>> {
  try {
    const res =
      via === 'fetch'
        ? await fetch(`${base}${path}`, { ...init(ms), dispatcher: agent })
        : await requestAsFetch(agent, `${base}${path}`, init(ms));
    const type = res.headers.get('Content-Type');
    const body = type?.startsWith('application/json') ? await res.json() : await res.text();
    return { ok: res.ok, status: res.status, statusText: res.statusText, type, body };
  } catch (err) {
    const e = err as Error;
    return {
      name: e.name,
      message: e.message,
      reason: failureReason(err),
      query: subgraphFailure(err, false).extensions.code,
      mutation: subgraphFailure(err, true).extensions.code,
    };
  }
}

describe('requestAsFetch', () => {
  it.each(['/echo', '/401', '/502', '/notjson', '/cut'])(
    'answers %s the way undici fetch does',
    async (path) => {
      const mine = await outcome('request', path);
      expect(mine).toEqual(await outcome('fetch', path));
    },
  );

  it('sends method, headers and body, and reads headers case-insensitively', async () => {
    const res = await requestAsFetch(agent, `${base}/echo`, init());
    expect(res.headers.get('cache-control')).toBe('max-age=5');
    expect(res.headers.get('CACHE-CONTROL')).toBe('max-age=5');
    expect(res.headers.has('x-missing')).toBe(false);
    expect(res.headers.get('x-missing')).toBeNull();
    expect(await res.json()).toEqual({
      data: { method: 'POST', body: '{"query":"{ x }"}', seen: 'b' },
    });
    await expect(res.text()).rejects.toThrow(TypeError);
  });

  it('gives a deadline the TimeoutError fetch gives, classified as a timeout', async () => {
    const mine = await outcome('request', '/hang', 100);
    expect(mine).toEqual(await outcome('fetch', '/hang', 100));
    expect(mine).toMatchObject({ name: 'TimeoutError', query: 'SUBGRAPH_UNAVAILABLE' });
    expect(mine.mutation).toBe('OUTCOME_UNKNOWN');
  });

  it('reports a refused connection as fetch does, so a mutation is known not to be applied', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const url = `http://127.0.0.1:${port}/x`;
    const viaRequest = await requestAsFetch(agent, url, init()).catch((e: unknown) => e);
    const viaFetch = await fetch(url, { ...init(), dispatcher: agent }).catch((e: unknown) => e);
    expect(viaRequest).toBeInstanceOf(TypeError);
    expect((viaRequest as Error).message).toBe((viaFetch as Error).message);
    expect(failureReason(viaRequest)).toBe(failureReason(viaFetch));
    expect(failureReason(viaRequest)).toContain('ECONNREFUSED');
    expect(subgraphFailure(viaRequest, true).extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
  });
});
