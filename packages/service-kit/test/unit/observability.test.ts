import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  acceptRequestId,
  EnvReader,
  metricsConfig,
  mountMetrics,
  requestIdMiddleware,
  ServiceMetrics,
  startMetricsListener,
} from '../../src';
import { parseMetrics, metricValue } from '@fedmgmt/testkit';

async function serve(app: express.Express): Promise<{ origin: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('metrics configuration', () => {
  it('opens /metrics on the main port only outside production and when nothing else is set', () => {
    expect(metricsConfig(new EnvReader({}), false).openOnMainPort).toBe(true);
    expect(metricsConfig(new EnvReader({}), true).openOnMainPort).toBe(false);
    expect(metricsConfig(new EnvReader({ METRICS_PORT: '9464' }), false)).toMatchObject({
      port: 9464,
      openOnMainPort: false,
    });
    expect(metricsConfig(new EnvReader({ METRICS_TOKEN: 't'.repeat(16) }), false)).toMatchObject({
      token: 't'.repeat(16),
      openOnMainPort: false,
    });
    expect(metricsConfig(new EnvReader({ METRICS_OPEN: 'true' }), true).openOnMainPort).toBe(true);
  });

  it('refuses a short token and a bad port', () => {
    const e = new EnvReader({ METRICS_TOKEN: 'short', METRICS_PORT: '70000' });
    metricsConfig(e, true);
    expect(() => e.finish()).toThrow(
      /METRICS_PORT must be an integer[\s\S]*METRICS_TOKEN must be at least 16 bytes/,
    );
  });
});

describe('ServiceMetrics', () => {
  it('caps distinct operation names and never labels an operation that did not resolve', () => {
    const m = new ServiceMetrics('t', { defaultMetrics: false, maxOperationNames: 2 });
    expect(m.operationLabel('A', false)).toBe('unknown');
    expect(m.operationLabel(null, true)).toBe('anonymous');
    expect(['A', 'B', 'C', 'A', 'D'].map((n) => m.operationLabel(n, true))).toEqual([
      'A',
      'B',
      'other',
      'A',
      'other',
    ]);
    expect(m.operationLabel('x'.repeat(500), true)).toBe('other');
  });

  it('reports a hung or failing store as down within the probe timeout', async () => {
    const m = new ServiceMetrics('t', { defaultMetrics: false, maxOperationNames: 2 });
    m.addStore('ok', async () => true);
    m.addStore('failing', async () => Promise.reject(new Error('down')));
    m.addStore('hung', () => new Promise<boolean>(() => undefined));
    const started = Date.now();
    const samples = parseMetrics(await m.registry.metrics());
    expect(Date.now() - started).toBeLessThan(5000);
    expect([
      metricValue(samples, 'fedmgmt_store_up', { store: 'ok' }),
      metricValue(samples, 'fedmgmt_store_up', { store: 'failing' }),
      metricValue(samples, 'fedmgmt_store_up', { store: 'hung' }),
    ]).toEqual([1, 0, 0]);
  });

  it('is not mounted on the main port when closed; the separate listener serves only GET /metrics', async () => {
    const m = new ServiceMetrics('t', { defaultMetrics: false, maxOperationNames: 2 });
    const config = { ...metricsConfig(new EnvReader({ METRICS_PORT: '0' }), true) };
    const app = express();
    mountMetrics(app, m, config);
    app.use((_req, res) => void res.status(404).end());
    const main = await serve(app);
    const listener = await startMetricsListener(m, config);
    try {
      expect((await fetch(`${main.origin}/metrics`)).status).toBe(404);
      expect(listener?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const ok = await fetch(listener!.url);
      expect([ok.status, await ok.text()]).toEqual([
        200,
        expect.stringContaining('fedmgmt_store_up'),
      ]);
      expect((await fetch(listener!.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await main.close();
      await listener?.close();
    }
  });
});

describe('request ids', () => {
  it('accepts plain tokens only and makes a UUID otherwise', () => {
    expect(acceptRequestId('abc_DEF-123')).toBe('abc_DEF-123');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(65), 'a\nb', ['a'], 'ü'])
      expect(acceptRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes the id in the response header', async () => {
    const app = express();
    app.use(requestIdMiddleware());
    app.get('/', (_req, res) => void res.json({ id: res.locals.requestId }));
    const s = await serve(app);
    try {
      const res = await fetch(`${s.origin}/`, { headers: { 'x-request-id': 'given-1' } });
      expect([res.headers.get('x-request-id'), await res.json()]).toEqual([
        'given-1',
        { id: 'given-1' },
      ]);
    } finally {
      await s.close();
    }
  });
});
