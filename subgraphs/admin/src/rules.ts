import type { AuthContext, ContextUser } from '@fedmgmt/service-kit';
import { GraphQLError } from 'graphql';
import type { KeyPairDoc, Role, UserDoc } from './data/documents';

/**
 * Who may see and change what, in one place (Backend.AI's models/base.py and gql.py rules):
 * superadmin sees everything; a domain admin its domain; a monitor reads its domain and
 * changes nothing; a plain user only itself (owner mode).
 */
export const SUPERADMIN_REQUIRED = 'Forbidden operation. (superadmin privilege required)';

const forbiddenError = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

export function requireUser(auth: AuthContext): ContextUser {
  if (!auth.user) {
    throw new GraphQLError('Authentication required: this API needs a Backend.AI user', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return auth.user;
}

/** privileged_query: anything but a superadmin gets "Forbidden operation. (superadmin privilege required)". */
export function requireSuperadmin(auth: AuthContext): ContextUser {
  const me = requireUser(auth);
  if (me.role !== 'superadmin') throw forbiddenError(SUPERADMIN_REQUIRED);
  return me;
}

/** Hand-written checks in users/user_list/group(s): "Insufficient privilege." */
export function insufficientPrivilege(): GraphQLError {
  return forbiddenError('Insufficient privilege.');
}

/**
 * Hand-written domain checks (users, user_list, group, groups_by_name, groups): anyone but a
 * superadmin naming a domain other than its own gets "Insufficient privilege.", never its own
 * domain's rows under the other domain's name.
 */
export function requireOwnDomain(me: ContextUser, asked: string | null | undefined): void {
  if (me.role !== 'superadmin' && asked !== null && asked !== undefined && asked !== me.domain)
    throw insufficientPrivilege();
}

/**
 * Who reads `KeyPair.secret_key` (the rest of the keypair stays visible; the field is null):
 * - only keypair-signed callers: a bearer token never turns into a lasting HMAC credential;
 * - superadmin: every keypair (as Backend.AI);
 * - domain admin: keypairs of its own domain, except a superadmin's (Backend.AI would show
 *   those too, which lets a domain admin sign as the superadmin);
 * - plain user: its own keypairs; monitor: none (read-only, so it never learns a credential).
 * `owner` is needed only for a domain admin (null when the owner is gone).
 */
export function maySeeSecretKey(
  auth: AuthContext,
  kp: Pick<KeyPairDoc, 'user' | 'domain_name'>,
  owner: () => Promise<Pick<UserDoc, 'role' | 'domain_name'> | null>,
): Promise<boolean> | boolean {
  const me = auth.user;
  if (auth.kind !== 'keypair' || !me) return false;
  switch (me.role) {
    case 'superadmin':
      return true;
    case 'admin':
      if (kp.domain_name !== me.domain) return false;
      return owner().then(
        (o) => o !== null && o.role !== 'superadmin' && o.domain_name === me.domain,
      );
    case 'user':
      return me.uuid !== '' && kp.user === me.uuid;
    default:
      return false;
  }
}

/** Scaling-group secrets (wsproxy_api_token): superadmin only, whatever path reached the row. */
export function maySeeInfraSecrets(auth: AuthContext): boolean {
  return auth.kind === 'keypair' && auth.user?.role === 'superadmin';
}

export function isDomainReader(me: ContextUser): boolean {
  return me.role === 'admin' || me.role === 'monitor';
}

export interface ScopeRequest {
  domain_name?: string | null | undefined;
  /** The user key the field is scoped by (access key, email or uuid), as the client sent it. */
  user?: string | null | undefined;
}

export interface ScopeOptions {
  /** The caller's own value for the user key (e.g. its access key). */
  own: string | undefined;
  /** Fill a missing user key with the caller's own (autofill_user). */
  autofill: boolean;
}

/**
 * scoped_query: forces domain_name (and, for plain users, the user key) to the caller's own;
 * asking for another domain or user is "Forbidden operation.".
 */
export function scope(
  auth: AuthContext,
  req: ScopeRequest,
  opts: ScopeOptions,
): { domain_name?: string; user?: string } {
  const me = requireUser(auth);
  const asked = { domain_name: req.domain_name ?? undefined, user: req.user ?? undefined };
  if (me.role === 'superadmin') {
    return { ...asked, user: asked.user ?? (opts.autofill ? opts.own : undefined) };
  }
  if (asked.domain_name !== undefined && asked.domain_name !== me.domain)
    throw forbiddenError('Forbidden operation.');
  if (isDomainReader(me))
    return { domain_name: me.domain, user: asked.user ?? (opts.autofill ? opts.own : undefined) };
  if (asked.user !== undefined && asked.user !== opts.own)
    throw forbiddenError('Forbidden operation.');
  return { domain_name: me.domain, user: opts.own ?? '\u0000no-such-user' };
}

export function canSeeUser(
  auth: AuthContext,
  target: Pick<UserDoc, '_id' | 'domain_name'>,
): boolean {
  const me = auth.user;
  if (!me) return false;
  if (me.role === 'superadmin') return true;
  if (isDomainReader(me)) return target.domain_name === me.domain;
  return target._id === me.uuid;
}

/** A user may authenticate only while active (legacy documents without a status count as active). */
export function isUserActive(user: Pick<UserDoc, 'is_active' | 'status'>): boolean {
  return user.is_active && (user.status === undefined || user.status === 'active');
}

/** Mutation roles (allowed_roles): anything not listed is superadmin-only. Monitors never write. */
const MUTATION_ROLES: Record<string, readonly Role[]> = {
  create_group: ['superadmin', 'admin'],
  modify_group: ['superadmin', 'admin'],
  delete_group: ['superadmin', 'admin'],
  purge_group: ['superadmin', 'admin'],
  forget_image: ['superadmin', 'admin', 'user'],
  forget_image_by_id: ['superadmin', 'admin', 'user'],
};

export function mayExecute(auth: AuthContext, field: string): boolean {
  const role = auth.user?.role;
  return role !== undefined && (MUTATION_ROLES[field] ?? ['superadmin']).includes(role);
}

/**
 * privileged_mutation(ADMIN, target): a domain admin may change groups only in its own domain.
 * `domain` is the target's domain (null when the target does not exist).
 */
export function mayChangeInDomain(auth: AuthContext, domain: string | null | undefined): boolean {
  const me = auth.user;
  if (!me) return false;
  if (me.role === 'superadmin') return true;
  return me.role === 'admin' && domain !== undefined && domain !== null && domain === me.domain;
}

export interface MutationResult {
  ok: boolean;
  msg: string;
}

export function denied(field: string): MutationResult {
  return { ok: false, msg: `no permission to execute ${field}` };
}
