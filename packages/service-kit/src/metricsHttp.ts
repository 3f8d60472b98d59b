import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { MetricsConfig, ServiceMetrics } from './metrics';

/** How /metrics is exposed (see MetricsConfig): on the main app by token or openly, or on its own port. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function answer(
  metrics: ServiceMetrics,
  res: { setHeader(n: string, v: string): unknown; end(b: string): unknown },
): Promise<void> {
  res.setHeader('content-type', metrics.registry.contentType);
  res.end(await metrics.registry.metrics());
}

/** GET /metrics on the main app, when the config opens it there (by token or openly). */
export function mountMetrics(app: Express, metrics: ServiceMetrics, config: MetricsConfig): void {
  if (!config.token && !config.openOnMainPort) return;
  app.get('/metrics', (req, res, next) => {
    const auth = req.headers.authorization ?? '';
    const ok =
      config.openOnMainPort ||
      (config.token !== undefined &&
        auth.startsWith('Bearer ') &&
        sameToken(auth.slice(7), config.token));
    if (!ok) {
      res
        .status(401)
        .set('www-authenticate', 'Bearer')
        .json({
          errors: [
            { message: 'metrics need a bearer token', extensions: { code: 'UNAUTHENTICATED' } },
          ],
        });
      return;
    }
    answer(metrics, res).catch(next);
  });
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** The separate /metrics listener (METRICS_PORT), or undefined when none is configured. */
export async function startMetricsListener(
  metrics: ServiceMetrics,
  config: MetricsConfig,
): Promise<MetricsListener | undefined> {
  if (config.port === undefined) return undefined;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    answer(metrics, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
