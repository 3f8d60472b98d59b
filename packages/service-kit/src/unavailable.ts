import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, OperationTypeNode } from 'graphql';
import type { Logger } from 'pino';

/**
 * Store outages as clients should see them: a documented, retryable code instead of
 * INTERNAL_SERVER_ERROR. Which store failed goes to the log, never into the response.
 *
 *  SERVICE_UNAVAILABLE  the store could not be reached; nothing was applied; retry.
 *  OUTCOME_UNKNOWN      a mutation's store call was sent and then timed out or lost its
 *                       connection: it may or may not have been applied.
 */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
export const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';

export interface StoreFailure {
  dependency: 'mongodb' | 'redis';
  /** The request may have reached the store before the failure. */
  maybeApplied: boolean;
}

// Raised before anything was sent: no server to talk to, no free connection, client closed.
const MONGO_NOT_SENT = new Set([
  'MongoServerSelectionError',
  'MongoWaitQueueTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);
// Raised after the operation went out: the socket died or timed out, or the deadline passed.
const MONGO_MAYBE_SENT = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'PoolClearedOnNetworkError',
  'MongoOperationTimeoutError',
]);
const MAX_TIME_MS_EXPIRED = 50;

/** What kind of store outage `err` (or an error it wraps) is, if it is one. */
export function storeFailure(err: unknown, depth = 0): StoreFailure | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: unknown;
    originalError?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (MONGO_NOT_SENT.has(name)) return { dependency: 'mongodb', maybeApplied: false };
  if (MONGO_MAYBE_SENT.has(name)) return { dependency: 'mongodb', maybeApplied: true };
  if (name === 'MongoServerError' && e.code === MAX_TIME_MS_EXPIRED)
    return { dependency: 'mongodb', maybeApplied: true };
  if (message === "Stream isn't writeable and enableOfflineQueue options is false")
    return { dependency: 'redis', maybeApplied: false };
  if (
    name === 'MaxRetriesPerRequestError' ||
    message === 'Command timed out' ||
    message === 'Connection is closed.'
  ) {
    return { dependency: 'redis', maybeApplied: true };
  }
  return storeFailure(e.originalError, depth + 1) ?? storeFailure(e.cause, depth + 1);
}

export function isStoreUnavailable(err: unknown): boolean {
  return storeFailure(err) !== undefined;
}

const MESSAGE = 'A backing store is temporarily unavailable; retry shortly.';
const UNKNOWN_MESSAGE =
  'The change may or may not have been applied: a backing store stopped answering. Read before retrying.';
const MAYBE_APPLIED = Symbol('maybeApplied');

/**
 * Apollo formatError hook: a store outage becomes SERVICE_UNAVAILABLE with a fixed message
 * (the dependency is logged). `storeOutagePlugin` then upgrades it to OUTCOME_UNKNOWN in a
 * mutation whose store call may have gone out.
 */
export function storeOutageFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const failure = storeFailure(error);
    if (!failure) return formatted;
    const cause = error instanceof GraphQLError ? error.originalError : error;
    logger.warn(
      {
        dependency: failure.dependency,
        path: formatted.path,
        err: cause instanceof Error ? cause.message : String(cause),
      },
      'store unavailable',
    );
    const out: GraphQLFormattedError & { [MAYBE_APPLIED]?: boolean } = {
      message: MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: SERVICE_UNAVAILABLE },
    };
    if (failure.maybeApplied) out[MAYBE_APPLIED] = true;
    return out;
  };
}

export function storeOutagePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors as
            (GraphQLFormattedError & { [MAYBE_APPLIED]?: boolean })[] | undefined;
          if (!errors) return;
          const mutation = operation?.operation === OperationTypeNode.MUTATION;
          response.body.singleResult.errors = errors.map((e) => {
            if (!e[MAYBE_APPLIED]) return e;
            const { [MAYBE_APPLIED]: _, ...rest } = e;
            return mutation
              ? { ...rest, message: UNKNOWN_MESSAGE, extensions: { code: OUTCOME_UNKNOWN } }
              : rest;
          });
        },
      };
    },
  };
}
