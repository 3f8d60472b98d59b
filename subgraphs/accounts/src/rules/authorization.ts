import type { AuthContext } from '@fedmgmt/service-kit';
import type { AuthzConfig, Crud, Resource } from '../config';
import { forbidden } from '../errors';

/** What a caller may reach: everything, or only its own account (self-service). */
export type Reach = { kind: 'all' } | { kind: 'self'; accountId: string };

/**
 * The accounts subgraph's one authorization module (Curity's groups and self-service
 * authorization managers):
 *  1. a token caller must hold every scope configured for the operation kind;
 *  2. a Backend.AI superadmin or a member of the admin group may do everything;
 *  3. group rules grant create/read/update/delete per resource; `*` matches any group;
 *     the effective permission is the union of all matching rules;
 *  4. otherwise a caller whose context carries an accountId reaches only that account
 *     (read, update, delete) and its own clients.
 * Every denial is the same FORBIDDEN error, whether or not the target exists.
 */
export class Authorizer {
  constructor(private readonly config: AuthzConfig) {}

  private hasScopes(auth: AuthContext, op: Crud): boolean {
    if (auth.kind !== 'token') return true;
    return this.config.requiredScopes[op].every((s) => auth.scopes.includes(s));
  }

  private granted(auth: AuthContext, op: Crud, resource: Resource): boolean {
    if (auth.user?.role === 'superadmin') return true;
    // Normalised once, at the gateway (normalizeGroups in service-kit): used as they come.
    const groups = auth.groups;
    if (groups.includes(this.config.adminGroup)) return true;
    return Object.entries(this.config.groupRules).some(
      ([group, grants]) =>
        (group === '*' ? groups.length > 0 : groups.includes(group)) &&
        (grants[resource] ?? []).includes(op),
    );
  }

  /** The caller's reach for one kind of operation, or FORBIDDEN. */
  reach(auth: AuthContext, op: Crud, resource: Resource): Reach {
    if (auth.kind === 'anonymous' || auth.kind === 'service' || !this.hasScopes(auth, op))
      throw forbidden();
    if (this.granted(auth, op, resource)) return { kind: 'all' };
    if (this.config.selfService && auth.accountId && op !== 'create')
      return { kind: 'self', accountId: auth.accountId };
    throw forbidden();
  }

  /** Allows `op` on one account, or throws FORBIDDEN before anything is looked up. */
  requireAccount(auth: AuthContext, op: Crud, accountId: string): void {
    const reach = this.reach(auth, op, 'accounts');
    if (reach.kind === 'self' && reach.accountId !== accountId) throw forbidden();
  }

  /** Whether a caller may read this account (used where a denial must look like absence). */
  canReadAccount(auth: AuthContext, accountId: string): boolean {
    try {
      this.requireAccount(auth, 'read', accountId);
      return true;
    } catch {
      return false;
    }
  }
}
