import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { type ImageScope, nothing, oneOf, type Restriction } from '../../data/connections/scope';
import type { RecordDoc } from '../../data/documents';
import { requireUser } from '../../rules';
import { textOf } from '../helpers';

/** Who holds which image permission (strictest reading of the legacy rules; monitors only read). */
const IMAGE_PERMISSIONS: Record<string, readonly string[]> = {
  read_attribute: ['superadmin', 'admin', 'monitor', 'user'],
  read_sensitive_attribute: ['superadmin', 'admin', 'monitor', 'user'],
  create_container: ['superadmin', 'admin', 'user'],
  update_attribute: ['superadmin'],
  forget_image: ['superadmin'],
};

const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function heldImagePermissions(role: string): string[] {
  return Object.entries(IMAGE_PERMISSIONS).flatMap(([p, roles]) =>
    roles.includes(role) ? [p] : [],
  );
}

/** The registries a domain allows (none for a missing domain). */
async function registriesOf(
  ctx: AdminContext,
  domain: string | undefined,
): Promise<Restriction<'registry'>> {
  const d = domain ? await ctx.loaders.domainByName.load(domain) : null;
  return oneOf('registry', d?.allowed_docker_registries ?? []);
}

/**
 * The images the caller may see with `permission` in `scope`: a superadmin every image (or a
 * scope's registries), anyone else the registries its own domain allows.
 */
export async function imageVisibility(
  ctx: AdminContext,
  permission: string | null | undefined,
  scope: string | null | undefined,
): Promise<ImageScope> {
  const me = requireUser(ctx.auth);
  const p = permission ?? 'read_attribute';
  const roles = Object.hasOwn(IMAGE_PERMISSIONS, p) ? IMAGE_PERMISSIONS[p] : undefined;
  if (!roles)
    throw badInput(
      `permission must be one of ${Object.keys(IMAGE_PERMISSIONS).join(', ')}, got "${p}"`,
      'permission',
    );
  if (!roles.includes(me.role)) return [nothing];
  const parts: ImageScope = me.role === 'superadmin' ? [] : [await registriesOf(ctx, me.domain)];
  if (!scope || scope === 'system') return parts;
  const sep = scope.indexOf(':');
  const [kind, value] = sep > 0 ? [scope.slice(0, sep), scope.slice(sep + 1)] : [scope, ''];
  if (kind === 'domain' && value) return [...parts, await registriesOf(ctx, value)];
  if (kind === 'project' && UUID_RE.test(value))
    return [
      ...parts,
      await registriesOf(ctx, (await ctx.loaders.groupById.load(value.toLowerCase()))?.domain_name),
    ];
  if (kind === 'user' && UUID_RE.test(value))
    return [
      ...parts,
      await registriesOf(ctx, (await ctx.loaders.userById.load(value.toLowerCase()))?.domain_name),
    ];
  throw badInput(
    `scope must be "system", "domain:<name>", "project:<uuid>" or "user:<uuid>", got "${scope}"`,
    'scope_id',
  );
}

/** `name` without registry and tag, split as Backend.AI does (project/base). */
export function imageNames(img: RecordDoc) {
  const namespace = textOf(img.name);
  const parts = namespace.split('/');
  return {
    namespace,
    base: parts[parts.length - 1] ?? namespace,
    project: parts.length > 1 ? parts.slice(0, -1).join('/') : null,
  };
}

/** Stored images carry no status: they are ALIVE unless marked DELETED. */
export const imageStatus = (img: RecordDoc) => (img.status === 'DELETED' ? 'DELETED' : 'ALIVE');
