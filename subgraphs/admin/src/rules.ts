import type { AuthContext, ContextUser } from '@fedmgmt/service-kit';
import { GraphQLError } from 'graphql';
import type { Role, UserDoc } from './data/documents';

/**
 * Who may see and change what, in one place (Backend.AI's models/base.py and gql.py rules):
 * superadmin sees everything; a domain admin its domain; a monitor reads its domain and
 * changes nothing; a plain user only itself (owner mode).
 */
export const SUPERADMIN_REQUIRED = 'Forbidden operation. (superadmin privilege required)';

const forbiddenError = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

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
export function scope(auth: AuthContext, req: ScopeRequest, opts: ScopeOptions): { domain_name?: string; user?: string } {
  const me = requireUser(auth);
  const asked = { domain_name: req.domain_name ?? undefined, user: req.user ?? undefined };
  if (me.role === 'superadmin') {
    return { ...asked, user: asked.user ?? (opts.autofill ? opts.own : undefined) };
  }
  if (asked.domain_name !== undefined && asked.domain_name !== me.domain) throw forbiddenError('Forbidden operation.');
  if (isDomainReader(me)) return { domain_name: me.domain, user: asked.user ?? (opts.autofill ? opts.own : undefined) };
  if (asked.user !== undefined && asked.user !== opts.own) throw forbiddenError('Forbidden operation.');
  return { domain_name: me.domain, user: opts.own ?? '\u0000no-such-user' };
}

export function canSeeUser(auth: AuthContext, target: Pick<UserDoc, '_id' | 'domain_name'>): boolean {
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
