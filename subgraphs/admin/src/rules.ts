import type { AuthContext, ContextUser } from '@fedmgmt/service-kit';
import { GraphQLError } from 'graphql';
import type { UserDoc } from './data/documents';

/**
 * Who may see what, in one place. Backend.AI's two modes: superadmin sees everything,
 * domain admins and monitors their domain, a plain user only itself.
 */
export function requireUser(auth: AuthContext): ContextUser {
  if (!auth.user) {
    throw new GraphQLError('Authentication required: this API needs a Backend.AI user', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return auth.user;
}

export function canSeeUser(auth: AuthContext, target: UserDoc): boolean {
  const me = auth.user;
  if (!me) return false;
  switch (me.role) {
    case 'superadmin':
      return true;
    case 'admin':
    case 'monitor':
      return target.domain_name === me.domain;
    default:
      return target._id === me.uuid;
  }
}

/** A user may authenticate only while active (legacy documents without a status count as active). */
export function isUserActive(user: Pick<UserDoc, 'is_active' | 'status'>): boolean {
  return user.is_active && (user.status === undefined || user.status === 'active');
}
