import type { ApolloGateway } from '@apollo/gateway';
import type { Express } from 'express';

/**
 * GET /health: the process is alive. GET /ready: a supergraph is loaded and every subgraph
 * in it answers a health check through its authenticated data source (cached briefly, so
 * probes cannot turn into load on the subgraphs).
 */
export function mountHealth(app: Express, gateway: ApolloGateway, cacheMs: number): void {
  let last: { at: number; ok: boolean; detail: string } | undefined;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const now = Date.now();
    if (!last || now - last.at >= cacheMs) {
      try {
        await gateway.serviceHealthCheck();
        last = { at: now, ok: true, detail: 'ready' };
      } catch {
        last = { at: now, ok: false, detail: 'a subgraph is unreachable or no supergraph is loaded' };
      }
    }
    res.status(last.ok ? 200 : 503).json({ status: last.ok ? 'ready' : 'unavailable', detail: last.detail });
  });
}
