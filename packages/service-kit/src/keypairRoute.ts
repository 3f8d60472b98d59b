import type { ContextUser } from './context';

/**
 * The contract of the admin subgraph's internal keypair route (INTERNAL_KEYPAIR_ROUTE), which
 * the gateway reads on a keypair cache miss: the admin side answers with these types, the
 * gateway parses them, and both compile against this one definition.
 */

/** GET INTERNAL_KEYPAIR_ROUTE's path parameters. */
export interface KeypairRouteParams {
  accessKey: string;
}

/** A keypair as the route answers it (200): what the gateway verifies signatures with. */
export interface KeypairRecord {
  access_key: string;
  /** Decrypted by the admin subgraph for this answer only; never stored decrypted. */
  secret_key: string;
  /** False when the keypair or its owner is inactive. */
  is_active: boolean;
  is_admin: boolean;
  rate_limit: number;
  /** The owner's allowed client IPs/CIDRs; null when any address may call. */
  allowed_client_ip: string[] | null;
  user: { uuid: string; email: string; role: ContextUser['role']; domain: string };
}

/** The route's other answers: 401 (not a gateway service context), 404 (unknown key), 503 (store down). */
export type KeypairRouteError =
  { error: 'unauthorized'; message: string } | { error: 'not found' } | { error: 'unavailable' };

export type KeypairRouteResponse = KeypairRecord | KeypairRouteError;
