/**
 * RFC 7591 §2 client metadata validation: redirect URIs must be https, or http on a loopback
 * host (RFC 8252 §7.3); grant and response types from a fixed set; every value size-bounded.
 */
export class InvalidMetadata extends Error {
  constructor(
    readonly error: 'invalid_redirect_uri' | 'invalid_client_metadata',
    message: string,
  ) {
    super(message);
  }
}

export interface ClientMetadata {
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  scope: string;
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  tos_uri?: string;
  policy_uri?: string;
  jwks_uri?: string;
  software_id?: string;
  software_version?: string;
  contacts?: string[];
  post_logout_redirect_uris?: string[];
}

const GRANTS = new Set([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
]);
const RESPONSES = new Set(['code', 'none']);
const AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'none']);
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_URIS = 10;
const MAX_URI = 2048;
const MAX_TEXT = 256;

function fail(message: string, error: InvalidMetadata['error'] = 'invalid_client_metadata'): never {
  throw new InvalidMetadata(error, message);
}

function text(v: unknown, name: string, max = MAX_TEXT): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    fail(`${name} must be a string of 1 to ${max} characters`);
  return v;
}

function stringList(v: unknown, name: string, max: number): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (
    !Array.isArray(v) ||
    v.length > max ||
    v.some((s) => typeof s !== 'string' || s.length === 0 || s.length > MAX_URI)
  ) {
    fail(`${name} must be an array of at most ${max} non-empty strings`);
  }
  return v as string[];
}

function checkUri(raw: string, name: string, allowLoopbackHttp: boolean): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return fail(
      `${name} must hold absolute URIs`,
      name === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata',
    );
  }
  const ok =
    u.protocol === 'https:' ||
    (allowLoopbackHttp && u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  const error = name === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata';
  if (!ok) fail(`${name} must use https (or http on a loopback host)`, error);
  if (u.hash || u.username || u.password)
    fail(`${name} must not contain a fragment or credentials`, error);
  return raw;
}

function subset(v: unknown, name: string, allowed: Set<string>, fallback: string[]): string[] {
  const list = stringList(v, name, allowed.size) ?? fallback;
  const bad = list.find((g) => !allowed.has(g));
  if (bad !== undefined)
    fail(`${name} value "${bad.slice(0, 64)}" is not supported; use ${[...allowed].join(', ')}`);
  return [...new Set(list)];
}

export function validateClientMetadata(body: Record<string, unknown>): ClientMetadata {
  const grant_types = subset(body.grant_types, 'grant_types', GRANTS, ['authorization_code']);
  const response_types = subset(
    body.response_types,
    'response_types',
    RESPONSES,
    grant_types.includes('authorization_code') ? ['code'] : [],
  );
  const needsRedirect = grant_types.includes('authorization_code');
  const redirect_uris = (stringList(body.redirect_uris, 'redirect_uris', MAX_URIS) ?? []).map((u) =>
    checkUri(u, 'redirect_uris', true),
  );
  if (needsRedirect && redirect_uris.length === 0)
    fail('redirect_uris is required for the authorization_code grant', 'invalid_redirect_uri');
  const method =
    text(body.token_endpoint_auth_method, 'token_endpoint_auth_method') ?? 'client_secret_basic';
  if (!AUTH_METHODS.has(method))
    fail(`token_endpoint_auth_method must be one of ${[...AUTH_METHODS].join(', ')}`);
  const scope = text(body.scope, 'scope', 1024) ?? '';
  if (scope && !/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scope))
    fail('scope must be space-separated scope tokens');
  const md: ClientMetadata = {
    redirect_uris,
    grant_types,
    response_types,
    token_endpoint_auth_method: method,
    scope,
  };
  for (const k of ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'jwks_uri'] as const) {
    const v = text(body[k], k, MAX_URI);
    if (v !== undefined) md[k] = checkUri(v, k, false);
  }
  for (const k of ['client_name', 'software_id', 'software_version'] as const) {
    const v = text(body[k], k);
    if (v !== undefined) md[k] = v;
  }
  const contacts = stringList(body.contacts, 'contacts', MAX_URIS);
  if (contacts) md.contacts = contacts;
  const logout = stringList(body.post_logout_redirect_uris, 'post_logout_redirect_uris', MAX_URIS);
  if (logout)
    md.post_logout_redirect_uris = logout.map((u) =>
      checkUri(u, 'post_logout_redirect_uris', true),
    );
  return md;
}
