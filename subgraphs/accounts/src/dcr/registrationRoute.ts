import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type AuthContext,
  INTERNAL_AUTH_HEADER,
  type Logger,
  memoryReplayCache,
  secretKey,
  verifyContext,
} from '@fedmgmt/service-kit';
import type { Express, Request, Response } from 'express';
import type { AccountsConfig } from '../config';
import type { Repositories, Services } from '../context';
import type { ClientRecord } from '../data/dcrRepository';
import { InvalidMetadata, validateClientMetadata } from '../rules/clientMetadata';

export const REGISTRATION_PATH = '/oauth/register';
/** The body an internal-auth context for registration is bound to (see operationHash). */
export const REGISTRATION_BINDING = { query: 'dcr:register' };
const MAX_BODY_CHARS = 16_384;

interface Deps {
  config: AccountsConfig;
  repos: Repositories;
  services: Services;
  logger: Logger;
}

type Caller = { kind: 'internal'; auth: AuthContext } | { kind: 'initial-token' };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Either a gateway-minted context (audience accounts, bound to dcr:register) allowed to create clients, or the configured initial access token. */
async function authenticate(
  req: Request,
  deps: Deps,
  replay: ReturnType<typeof memoryReplayCache>,
): Promise<Caller | undefined> {
  const internal = req.header(INTERNAL_AUTH_HEADER);
  if (internal) {
    const key = secretKey(deps.config.internalAuthSecret);
    const auth = await verifyContext(internal, {
      audience: 'accounts',
      key,
      replay,
      body: REGISTRATION_BINDING,
    }).catch(() => undefined);
    if (!auth) return undefined;
    try {
      if (deps.services.authz.reach(auth, 'create', 'clients').kind === 'all')
        return { kind: 'internal', auth };
    } catch {
      return undefined;
    }
    return undefined;
  }
  const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
  const token = deps.config.dcrInitialAccessToken;
  return token && bearer && sameSecret(bearer, token) ? { kind: 'initial-token' } : undefined;
}

function newClient(
  body: Record<string, unknown>,
  caller: Caller,
): { client: ClientRecord; secret?: string } {
  const md = validateClientMetadata(body);
  const now = Date.now();
  const secret =
    md.token_endpoint_auth_method === 'none' ? undefined : randomBytes(32).toString('base64url');
  const { token_endpoint_auth_method, ...rest } = md;
  const trusted = caller.kind === 'internal';
  const user =
    trusted && typeof body.authenticated_user === 'string'
      ? body.authenticated_user
      : caller.kind === 'internal'
        ? caller.auth.subject
        : undefined;
  const template =
    trusted && typeof body.template_client === 'string'
      ? body.template_client.slice(0, 256)
      : undefined;
  const client: ClientRecord = {
    ...rest,
    client_id: randomBytes(16).toString('hex'),
    client_id_issued_at: Math.floor(now / 1000),
    token_endpoint_auth_methods: [token_endpoint_auth_method],
    subject_type: 'public',
    status: 'active',
    ...(user ? { authenticated_user: user.slice(0, 128) } : {}),
    ...(template ? { template_client: template } : {}),
    createdMs: now,
    lastModifiedMs: now,
  };
  return { client, ...(secret ? { secret } : {}) };
}

/** RFC 7591 registration endpoint; not behind the gateway context guard, so it authenticates itself. */
export function registrationRoute(app: Express, deps: Deps): void {
  const replay = memoryReplayCache();
  app.post(REGISTRATION_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const caller = await authenticate(req, deps, replay);
    if (!caller) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer error="invalid_token"').json({
        error: 'invalid_token',
        error_description: 'a valid initial access token is required',
      });
      return;
    }
    const body = req.body as unknown;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      JSON.stringify(body).length > MAX_BODY_CHARS
    ) {
      res.status(400).json({
        error: 'invalid_client_metadata',
        error_description: `the body must be a JSON object of at most ${MAX_BODY_CHARS} characters`,
      });
      return;
    }
    try {
      const { client, secret } = newClient(body as Record<string, unknown>, caller);
      await deps.repos.clients.create(client, secret);
      const {
        createdMs: _c,
        lastModifiedMs: _m,
        status: _s,
        token_endpoint_auth_methods,
        ...shown
      } = client;
      res.status(201).json({
        ...shown,
        token_endpoint_auth_method: token_endpoint_auth_methods[0],
        ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
      });
    } catch (err) {
      if (!(err instanceof InvalidMetadata)) throw err;
      res.status(400).json({ error: err.error, error_description: err.message });
    }
  });
}
