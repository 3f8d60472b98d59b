import type { AuthContext } from '@fedmgmt/service-kit';
import { GraphQLError } from 'graphql';

/**
 * Container registry rules, in one place (Backend.AI's gql_legacy/container_registry.py and
 * models/container_registry/row.py): who reads a registry, what its password reads as, and
 * which settings are valid. Every root field and mutation is superadmin only (privileged_query /
 * allowed_roles = SUPERADMIN); the role check itself is rules.ts's requireSuperadmin.
 */
export const REGISTRY_TYPES = [
  'docker',
  'harbor',
  'harbor2',
  'github',
  'gitlab',
  'ecr',
  'ecr-public',
  'local',
  'ocp',
] as const;
export type RegistryType = (typeof REGISTRY_TYPES)[number];

/** What Backend.AI answers for a stored password (defs.PASSWORD_PLACEHOLDER). */
export const PASSWORD_PLACEHOLDER = '*****';

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export function parseRegistryType(value: unknown): RegistryType {
  const hit = REGISTRY_TYPES.find((t) => t === value);
  if (!hit)
    throw badInput(
      `Container registry type must be one of ${REGISTRY_TYPES.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  return hit;
}

/**
 * `password` never carries the credential, to anyone: a superadmin (the only role that reaches
 * a registry) sees the placeholder when one is stored, as in Backend.AI; every other caller null.
 */
export function registryPasswordView(auth: AuthContext, stored: boolean): string | null {
  return stored && auth.user?.role === 'superadmin' ? PASSWORD_PLACEHOLDER : null;
}

/** Whether a modify's `password` means "keep what is stored" (a client echoing what it read). */
export function keepsStoredPassword(password: string | null | undefined): boolean {
  return password === undefined || password === PASSWORD_PLACEHOLDER;
}

function isValidUrl(url: string): boolean {
  const u = url.trim();
  try {
    return new URL(/^https?:\/\//.test(u) ? u : `http://${u}`).host !== '';
  } catch {
    return false;
  }
}

const HARBOR_PROJECT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** ContainerRegistryValidator: a URL with a host; Harbor registries need a valid project name. */
export function validateRegistry(r: {
  url: string;
  type: RegistryType;
  project: string | null;
}): void {
  // Not echoed: the gateway masks any message that holds a URL.
  if (!isValidUrl(r.url))
    throw badInput('Invalid URL format: the registry URL needs a host (e.g. registry.example.com)');
  if (r.type !== 'harbor' && r.type !== 'harbor2') return;
  if (r.project === null) throw badInput('Project name is required for Harbor.');
  if (r.project.length < 1 || r.project.length > 255)
    throw badInput('Invalid project name length.');
  if (!HARBOR_PROJECT.test(r.project)) throw badInput('Invalid project name format.');
}
