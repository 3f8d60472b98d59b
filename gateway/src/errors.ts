import type { GraphQLFormattedError } from 'graphql';

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
]);

/** Extension fields clients of Backend.AI and Curity rely on. Everything else is dropped. */
const KEPT_EXTENSIONS = ['code', 'classification', 'field', 'not-supported-cause', 'details', 'retryAfter'];

const INTERNAL = /\b(?:https?|mongodb(?:\+srv)?|redis):\/\/|ECONNREFUSED|ETIMEDOUT|ECONNRESET|\bat [\w.<>]+ \(|\/(?:work|home|usr|app)\//;

/**
 * Masks what must not leave the gateway: stack traces, subgraph URLs, driver messages.
 * Client-facing errors keep their message and the fields clients depend on.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  const kept: Record<string, unknown> = {};
  for (const k of KEPT_EXTENSIONS) if (ext[k] !== undefined) kept[k] = ext[k];
  const clientFacing = (code !== undefined && CLIENT_CODES.has(code)) || ext.classification !== undefined;
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
  if (/timeout|aborted|ECONNREFUSED|ECONNRESET|failed, reason|fetch failed/i.test(message)) return 'SUBGRAPH_UNAVAILABLE';
  return code && /^[A-Z_]+$/.test(code) && code !== 'INTERNAL_SERVER_ERROR' ? code : 'INTERNAL_SERVER_ERROR';
}

function genericMessage(code: string | undefined, message: string): string {
  if (safeCode(code, message) === 'SUBGRAPH_UNAVAILABLE') return 'A backing service did not answer in time; the data it owns is missing.';
  return 'Internal server error';
}
