import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type AuthContext,
  DCR_REGISTRATION_BINDING,
  DCR_REGISTRATION_PATH,
  type Logger,
  mountInternalRoute,
} from '@fedmgmt/service-kit';
import type { Express, NextFunction, Request, Response } from 'express';
import type { AccountsConfig } from '../config';
import type { Repositories, Services } from '../context';
import type { ClientRecord } from '../data/dcrRepository';
import { InvalidMetadata, validateClientMetadata } from '../rules/clientMetadata';

/** The registration path, and the body the gateway binds a registration context to (gateway/src/dcrRoute.ts). */
export const REGISTRATION_PATH = DCR_REGISTRATION_PATH;
export const REGISTRATION_BINDING = DCR_REGISTRATION_BINDING;
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

/** The static initial access token (RFC 7591 §3), when one is configured. */
function hasInitialToken(req: Request, deps: Deps): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
  const token = deps.config.dcrInitialAccessToken;
  return Boolean(token && bearer && sameSecret(bearer, token));
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

function unauthorized(res: Response): void {
  res
    .status(401)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('WWW-Authenticate', 'Bearer error="invalid_token"')
    .json({
      error: 'invalid_token',
      error_description: 'a valid initial access token is required',
    });
}

/**
 * RFC 7591 registration endpoint. Two ways in: a context the gateway minted for its own
 * POST /oauth/register (audience accounts, bound to REGISTRATION_BINDING) whose caller may create
 * clients, or, without any context, the configured initial access token.
 */
export function registrationRoute(app: Express, deps: Deps): void {
  mountInternalRoute(
    app,
    {
      method: 'post',
      path: REGISTRATION_PATH,
      audience: 'accounts',
      internalAuthSecret: deps.config.internalAuthSecret,
      logger: deps.logger,
      binding: () => REGISTRATION_BINDING,
      allow: (auth) => deps.services.authz.reach(auth, 'create', 'clients').kind === 'all',
      refuse: unauthorized,
      refusedMessage: 'refused client registration',
      withoutContext: (req: Request, res: Response, next: NextFunction) =>
        hasInitialToken(req, deps) ? next() : unauthorized(res),
    },
    (req, res) => register(req, res, deps),
  );
}

async function register(req: Request, res: Response, deps: Deps): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const auth = res.locals.auth as AuthContext | undefined;
  const caller: Caller = auth ? { kind: 'internal', auth } : { kind: 'initial-token' };
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
}
