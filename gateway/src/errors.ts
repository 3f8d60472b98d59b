import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Codes whose messages are written for clients and pass through unchanged. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'RATE_LIMITED',
  // Outages (README "Failures"): fixed messages written here or in service-kit/unavailable.ts.
  'SERVICE_UNAVAILABLE',
  'SUBGRAPH_UNAVAILABLE',
  'OUTCOME_UNKNOWN',
]);

/** Extension fields clients of Backend.AI and Curity rely on. Everything else is dropped. */
const KEPT_EXTENSIONS = [
  'code',
  'classification',
  'field',
  'not-supported-cause',
  'details',
  'retryAfter',
];

const INTERNAL =
  /\b(?:https?|mongodb(?:\+srv)?|redis):\/\/|ECONNREFUSED|ETIMEDOUT|ECONNRESET|\bat [\w.<>]+ \(|\/(?:work|home|usr|app)\//;

/**
 * Masks what must not leave the gateway: stack traces, subgraph URLs, driver messages.
 * Client-facing errors keep their message and the fields clients depend on.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  const kept: Record<string, unknown> = {};
  for (const k of KEPT_EXTENSIONS) if (ext[k] !== undefined) kept[k] = ext[k];
  const clientFacing =
    (code !== undefined && CLIENT_CODES.has(code)) || ext.classification !== undefined;
  const safe = clientFacing && !INTERNAL.test(formatted.message);
  const out: GraphQLFormattedError = {
    message: safe ? formatted.message : genericMessage(code, formatted.message),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: safe ? kept : { code: safeCode(code, formatted.message) },
  };
  return out;
}

function safeCode(code: string | undefined, message: string): string {
  if (/timeout|aborted|ECONNREFUSED|ECONNRESET|failed, reason|fetch failed/i.test(message))
    return 'SUBGRAPH_UNAVAILABLE';
  return code && /^[A-Z_]+$/.test(code) && code !== 'INTERNAL_SERVER_ERROR'
    ? code
    : 'INTERNAL_SERVER_ERROR';
}

function genericMessage(code: string | undefined, message: string): string {
  if (safeCode(code, message) === 'SUBGRAPH_UNAVAILABLE')
    return 'A backing service did not answer in time; the data it owns is missing.';
  return 'Internal server error';
}

/** Operations the gateway sends a subgraph are printed by the query planner: `mutation…` or `query…`/`{…}`. */
export function isMutation(query: string | undefined): boolean {
  return query !== undefined && /^\s*mutation\b/.test(query);
}

// Failures raised before the request could reach the subgraph: it was not applied.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (
    let e = err as { code?: unknown; cause?: unknown; name?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === 'string') codes.push(e.code);
    else if (typeof e.name === 'string') codes.push(e.name);
  }
  return codes;
}

/** For the log only: the transport's error code chain or the HTTP status. */
export function failureReason(err: unknown, status?: number): string {
  return status !== undefined ? `HTTP ${status}` : causeCodes(err).join(' < ') || 'unknown';
}

const UNAVAILABLE_QUERY = 'A backing service did not answer in time; the data it owns is missing.';
const UNAVAILABLE_MUTATION =
  'A backing service is unavailable; the change was not applied. Retry shortly.';
const OUTCOME_UNKNOWN_MESSAGE =
  'A backing service stopped answering after the change was sent: it may or may not have been applied. Read before retrying.';

/**
 * A subgraph fetch that failed at the transport or with a 5xx. A query's data is missing
 * (SUBGRAPH_UNAVAILABLE, retryable). A mutation that never reached the subgraph is
 * SUBGRAPH_UNAVAILABLE too; one that was sent and then timed out, was cut off or failed
 * with a 5xx is OUTCOME_UNKNOWN: the client must not assume it was not applied.
 */
export function subgraphFailure(
  err: unknown,
  mutation: boolean,
  status?: number,
): GraphQLError & { extensions: { code: string } } {
  const notSent = status === undefined && causeCodes(err).some((c) => NOT_SENT.has(c));
  const [code, message] = !mutation
    ? ['SUBGRAPH_UNAVAILABLE', UNAVAILABLE_QUERY]
    : notSent
      ? ['SUBGRAPH_UNAVAILABLE', UNAVAILABLE_MUTATION]
      : ['OUTCOME_UNKNOWN', OUTCOME_UNKNOWN_MESSAGE];
  return new GraphQLError(message, { extensions: { code } }) as GraphQLError & {
    extensions: { code: string };
  };
}
