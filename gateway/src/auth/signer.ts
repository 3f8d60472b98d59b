import { EMPTY_BODY_SHA256, mimeType, parseRequestDate, sha256Hex, sign } from './hmac';

export const DEFAULT_API_VERSION = 'v8.20240315';

export interface SignRequestInput {
  accessKey: string;
  secretKey: string;
  method: string;
  /** Absolute URL; the signed host and path come from it. */
  url: string;
  contentType?: string;
  body?: string | Uint8Array;
  /** Sign the real body hash (our clients) or the empty one (what Backend.AI clients send). */
  hashBody?: boolean;
  version?: string;
  date?: Date;
}

/** Headers that authenticate one request the way Backend.AI's client-py does. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const url = new URL(input.url);
  const rawDate = (input.date ?? new Date()).toISOString().replace('Z', '+00:00');
  const version = input.version ?? DEFAULT_API_VERSION;
  const contentType = input.contentType ?? 'application/json';
  const parsed = parseRequestDate(rawDate);
  if (!parsed) throw new Error('unreachable: an ISO date always parses');
  const hashBody = input.hashBody ?? true;
  const signature = sign(input.secretKey, parsed.ymd, {
    method: input.method,
    path: `${url.pathname}${url.search}`,
    rawDate,
    host: url.host,
    contentType: mimeType(contentType),
    version,
    bodySha256Hex: hashBody && input.body !== undefined ? sha256Hex(input.body) : EMPTY_BODY_SHA256,
  });
  return {
    date: rawDate,
    'content-type': contentType,
    'x-backendai-version': version,
    authorization: `BackendAI signMethod=HMAC-SHA256, credential=${input.accessKey}:${signature}`,
  };
}
