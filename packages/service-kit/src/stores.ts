import {
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { tracer, tracingOn } from './tracing';

/**
 * Store spans without require hooks: ioredis by wrapping the client's sendCommand, MongoDB by
 * the driver's command monitoring (the client needs `monitorCommands: true`). A span is made
 * only inside an active trace, so background work (pings, subscriptions) makes none.
 */
interface RedisLike {
  sendCommand(command: { name: string; promise: Promise<unknown> }, ...rest: unknown[]): unknown;
}

export function traceRedis<T extends object>(client: T): T {
  const redis = client as unknown as RedisLike;
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    const parent = context.active();
    if (!tracingOn() || !trace.getSpan(parent)) return original(command, ...rest);
    const span = tracer().startSpan(
      `redis ${command.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'redis', 'db.operation.name': command.name },
      },
      parent,
    );
    const result = original(command, ...rest);
    command.promise.then(
      () => span.end(),
      (err: unknown) => {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: err instanceof Error ? err.name : 'error',
        });
        span.end();
      },
    );
    return result;
  };
  return client;
}

interface CommandEvent {
  requestId: number;
  commandName: string;
  databaseName?: string;
  connectionId?: unknown;
}

interface MongoLike {
  on(event: string, listener: (e: CommandEvent) => void): unknown;
}

const IGNORED = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'saslStart',
  'saslContinue',
  'ping',
  'endSessions',
]);

export function traceMongo<T extends object>(client: T): T {
  const mongo = client as unknown as MongoLike;
  const open = new Map<string, Span>();
  const key = (e: CommandEvent) => `${String(e.connectionId)}:${e.requestId}`;
  mongo.on('commandStarted', (e) => {
    const parent: Context = context.active();
    if (!tracingOn() || IGNORED.has(e.commandName) || !trace.getSpan(parent)) return;
    const span = tracer().startSpan(
      `mongodb ${e.commandName}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'mongodb',
          'db.operation.name': e.commandName,
          'db.namespace': e.databaseName ?? '',
        },
      },
      parent,
    );
    open.set(key(e), span);
  });
  const finish = (failed: boolean) => (e: CommandEvent) => {
    const span = open.get(key(e));
    if (!span) return;
    open.delete(key(e));
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  mongo.on('commandSucceeded', finish(false));
  mongo.on('commandFailed', finish(true));
  return client;
}
