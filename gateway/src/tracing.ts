import { clientSpan, requestHeaders } from '@fedmgmt/service-kit';
import { SpanStatusCode } from '@opentelemetry/api';
import { fetchErrorKind, type GatewayMetrics } from './metrics';

type Fetch = (url: string, init?: Record<string, unknown>) => Promise<{ status: number }>;

/**
 * Wraps the subgraph fetcher of one data source: a CLIENT span (child of the executor's
 * `gateway.fetch` span, when tracing is on), the W3C `traceparent` and the request id in the
 * outgoing headers, and the fetch's latency and outcome in the metrics.
 */
export function instrumentFetcher<F>(subgraph: string, fetcher: F, metrics: GatewayMetrics): F {
  const inner = fetcher as unknown as Fetch;
  const wrapped: Fetch = (url, init = {}) =>
    clientSpan(
      `POST ${subgraph}`,
      { 'fedmgmt.subgraph': subgraph, 'http.request.method': 'POST' },
      async (span) => {
        const headers = {
          ...(init.headers as Record<string, string> | undefined),
          ...requestHeaders(),
        };
        const started = process.hrtime.bigint();
        const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const res = await inner(url, { ...init, headers });
          const ok = res.status >= 200 && res.status < 300;
          metrics.observeFetch(
            subgraph,
            elapsed(),
            ok ? 'ok' : `http_${Math.floor(res.status / 100)}xx`,
          );
          span?.setAttribute('http.response.status_code', res.status);
          if (!ok) span?.setStatus({ code: SpanStatusCode.ERROR });
          return res;
        } catch (err) {
          metrics.observeFetch(subgraph, elapsed(), fetchErrorKind(err));
          throw err;
        }
      },
    );
  return wrapped as unknown as F;
}
