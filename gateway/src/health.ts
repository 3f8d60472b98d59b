import type { ApolloGateway } from '@apollo/gateway';
import { cachedProbe, type Logger } from '@fedmgmt/service-kit';
import type { Express } from 'express';
import { Kind, parse } from 'graphql';

export interface SubgraphTarget {
  name: string;
  url: string;
}

/**
 * The subgraphs of the supergraph in service, as routed (SUBGRAPH_URL_<NAME> wins over the
 * URL in the file). Updated on every load and reload; register before the gateway starts.
 */
export function trackSubgraphs(
  gateway: ApolloGateway,
  overrides: Record<string, string>,
): () => SubgraphTarget[] {
  let current: SubgraphTarget[] = [];
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    current = subgraphsOf(coreSupergraphSdl).map(({ name, url }) => ({
      name,
      url: overrides[name] ?? url,
    }));
  });
  return () => current;
}

/** The `join__Graph` enum of a supergraph: one value per subgraph, with its name and URL. */
export function subgraphsOf(supergraphSdl: string): SubgraphTarget[] {
  const out: SubgraphTarget[] = [];
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (n: string) => graph?.arguments?.find((a) => a.name.value === n)?.value;
      const name = arg('name');
      const url = arg('url');
      if (name?.kind === Kind.STRING && url?.kind === Kind.STRING)
        out.push({ name: name.value, url: url.value });
    }
  }
  return out;
}

export interface ReadinessDeps {
  gateway: ApolloGateway;
  subgraphs: () => SubgraphTarget[];
  /** The gateway's own Redis (replay cache, rate limits) answers. */
  redisReady: () => Promise<boolean>;
  cacheMs: number;
  logger: Logger;
  timeoutMs?: number;
}

async function subgraphReady(target: SubgraphTarget, timeoutMs: number): Promise<boolean> {
  const res = await fetch(new URL('/ready', target.url), {
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel();
  return res.status === 200;
}

/**
 * What is not ready, by name (for the log; the response says only ready or not): a supergraph
 * must be loaded, every subgraph must answer its GraphQL health check and its own /ready
 * (its store answers), and the gateway's Redis must answer PING.
 */
export async function unreadyDependencies(deps: ReadinessDeps): Promise<string[]> {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const targets = deps.subgraphs();
  const checks: [string, Promise<boolean>][] = [
    ['supergraph', Promise.resolve(targets.length > 0)],
    ['subgraph health checks', deps.gateway.serviceHealthCheck().then(() => true)],
    ['gateway redis', deps.redisReady()],
    ...targets.map((t): [string, Promise<boolean>] => [
      `subgraph ${t.name}`,
      subgraphReady(t, timeoutMs),
    ]),
  ];
  const results = await Promise.all(checks.map(([, p]) => p.catch(() => false)));
  return checks.filter((_, i) => !results[i]).map(([name]) => name);
}

/** GET /health: the process is alive. GET /ready: everything a request needs answers (cached briefly). */
export function mountHealth(app: Express, deps: ReadinessDeps): void {
  let missing: string[] = [];
  const ready = cachedProbe(
    async () => {
      missing = await unreadyDependencies(deps);
      return missing.length === 0;
    },
    {
      cacheMs: deps.cacheMs,
      timeoutMs: (deps.timeoutMs ?? 1000) + 500,
      onChange: (ok) =>
        ok
          ? deps.logger.info('gateway ready')
          : deps.logger.warn({ unready: missing }, 'gateway not ready'),
    },
  );
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await ready();
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'unavailable',
      detail: ok ? 'ready' : 'a subgraph or a store it needs is unreachable',
    });
  });
}
