import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvReader, initTracing, tracingConfig, tracingOn } from '@fedmgmt/service-kit';
import { type Stack, startStack } from '@fedmgmt/testkit';

/** A loopback stand-in for an OTLP/HTTP collector: records what is POSTed to /v1/traces. */
async function fakeCollector(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces')
        bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('tracing is opt-in by OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('stays off without an endpoint', () => {
    const config = tracingConfig(new EnvReader({}), 'fedmgmt-gateway');
    expect(config.endpoint).toBeUndefined();
    expect(initTracing(config)).toBeUndefined();
    expect(tracingOn()).toBe(false);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    const e = new EnvReader({ OTEL_EXPORTER_OTLP_ENDPOINT: 'file:///etc/passwd' });
    tracingConfig(e, 'x');
    expect(() => e.finish()).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be a http: or https: URL/);
  });

  describe('with an endpoint', () => {
    let collector: Awaited<ReturnType<typeof fakeCollector>>;
    let stack: Stack | undefined;

    beforeAll(async () => {
      collector = await fakeCollector();
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
      stack = await startStack({ gatewayEnv: env, adminEnv: env, accountsEnv: env });
    });
    afterAll(async () => {
      await stack?.stop();
      await new Promise((r) => collector.server.close(r));
    });

    it('exports OTLP/HTTP JSON spans of a request to <endpoint>/v1/traces (flushed on stop)', async () => {
      const res = await stack!.request({ query: '{ user(email: "admin@lablup.com") { email } }' });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      await stack!.stop();
      stack = undefined;
      const all = collector.bodies.join('\n');
      expect(collector.bodies.length).toBeGreaterThan(0);
      expect(all).toContain('"service.name"');
      expect(all).toContain('gateway.fetch');
      expect(all).toContain('"name":"POST admin"');
    });
  });
});
