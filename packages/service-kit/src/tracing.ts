import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { NextFunction, Request, Response } from 'express';
import type { EnvReader } from './env';
import { matchedRoutePath } from './expressRoute';
import { currentRequestId, REQUEST_ID_HEADER } from './requestId';

/**
 * OpenTelemetry tracing, opt-in: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (spans then go
 * to `<endpoint>/v1/traces` as OTLP/HTTP JSON). Instrumentation is manual (no require hooks):
 * an HTTP server span per request, W3C `traceparent` between gateway and subgraphs, and spans
 * for store calls (see stores.ts). One tracer provider per process: in the single-process
 * dev stack the first service to start names it.
 */
export interface TracingConfig {
  endpoint: string | undefined;
  serviceName: string;
}

export function tracingConfig(e: EnvReader, defaultServiceName: string): TracingConfig {
  return {
    endpoint:
      e.optional('OTEL_EXPORTER_OTLP_ENDPOINT') &&
      e.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    serviceName: e.string('OTEL_SERVICE_NAME', defaultServiceName),
  };
}

export const TRACER_NAME = 'fedmgmt';
export const tracer = () => trace.getTracer(TRACER_NAME);

interface Installed {
  provider: BasicTracerProvider;
}
let installed: Installed | undefined;

export interface TracingHandle {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Installs the process's tracer provider if tracing is configured (or `exporter` is given: the
 * test seam, e.g. an InMemorySpanExporter). Returns undefined when tracing stays off.
 */
export function initTracing(
  config: TracingConfig,
  exporter?: SpanExporter,
): TracingHandle | undefined {
  if (!installed) {
    if (!config.endpoint && !exporter) return undefined;
    const provider = new BasicTracerProvider({
      resource: new Resource({ 'service.name': config.serviceName }),
      spanProcessors: [
        exporter
          ? new SimpleSpanProcessor(exporter)
          : new BatchSpanProcessor(
              new OTLPTraceExporter({
                url: `${String(config.endpoint).replace(/\/$/, '')}/v1/traces`,
              }),
            ),
      ],
    });
    provider.register({
      contextManager: new AsyncLocalStorageContextManager(),
      propagator: new W3CTraceContextPropagator(),
    });
    installed = { provider };
  }
  const { provider } = installed;
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      if (installed?.provider !== provider) return;
      installed = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

export function tracingOn(): boolean {
  return installed !== undefined;
}

/**
 * Express middleware: a SERVER span per request. `extract`: continue the caller's trace from
 * `traceparent` (subgraphs, whose callers are the gateway); the gateway starts its own trace.
 */
export function serverSpanMiddleware(service: string, opts: { extract: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!installed) return next();
    const parent = opts.extract ? propagation.extract(ROOT_CONTEXT, req.headers) : ROOT_CONTEXT;
    const span = tracer().startSpan(
      `${req.method} ${req.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'url.path': req.path,
          'fedmgmt.service': service,
        },
      },
      parent,
    );
    const requestId = req.headers[REQUEST_ID_HEADER];
    if (typeof requestId === 'string') span.setAttribute('fedmgmt.request_id', requestId);
    res.on('finish', () => {
      const routePath = matchedRoutePath(req);
      if (routePath !== undefined) span.updateName(`${req.method} ${req.baseUrl}${routePath}`);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Runs `fn` in a CLIENT span, a child of the active span; none when no trace is active. */
export async function clientSpan<T>(
  name: string,
  attributes: Record<string, string>,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!installed || !trace.getSpan(context.active())) return fn(undefined);
  const span = tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (err) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: err instanceof Error ? err.name : 'error',
    });
    throw err;
  } finally {
    span.end();
  }
}

/** W3C trace-context headers for the active context (empty when tracing is off). */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (installed) propagation.inject(context.active(), carrier);
  return carrier;
}

/** What an internal call carries for the current request: trace context and request id. */
export function requestHeaders(): Record<string, string> {
  const requestId = currentRequestId();
  return { ...traceHeaders(), ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) };
}
