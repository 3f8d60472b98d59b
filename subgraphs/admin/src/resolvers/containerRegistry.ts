import type { AdminContext } from '../context';
import { parseRegistryType, registryPasswordView } from '../containerRegistryRules';
import type { ContainerRegistryDoc } from '../data/containerRegistries';
import { requireSuperadmin } from '../rules';
import {
  createRegistry,
  deleteRegistries,
  modifyRegistry,
  type RegistryArgs,
  registriesNamed,
} from './relay/containerRegistryWrites';
import { toGlobalId } from './relay/globalId';

/** The legacy (pre-24.09) props: `type` as text, `project` as a list of which the first counts. */
interface LegacyProps {
  url?: string | null;
  type?: string | null;
  project?: (string | null)[] | null;
  username?: string | null;
  password?: string | null;
  ssl_verify?: boolean | null;
  is_global?: boolean | null;
}

function argsOf(hostname: string | undefined, p: LegacyProps): RegistryArgs {
  const { type, project, ...rest } = p;
  return {
    ...rest,
    ...(hostname !== undefined ? { registry_name: hostname } : {}),
    ...(type ? { type: parseRegistryType(type) } : {}),
    ...(project && project.length > 0 ? { project: project[0] ?? null } : {}),
  };
}

export const containerRegistryQueries = {
  async container_registry(_: unknown, args: { hostname: string }, ctx: AdminContext) {
    return (await registriesNamed(ctx, args.hostname))[0];
  },
  container_registries(_: unknown, __: unknown, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.repos.containerRegistries.all();
  },
};

type Legacy = { hostname: string; props: LegacyProps };

export const containerRegistryMutations = {
  async create_container_registry(_: unknown, args: Legacy, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const created = await createRegistry(ctx, argsOf(args.hostname, args.props));
    return { container_registry: created };
  },
  /** Changes the first registry named `hostname` (by project), as Backend.AI's scalar() does. */
  async modify_container_registry(_: unknown, args: Legacy, ctx: AdminContext) {
    const [current] = await registriesNamed(ctx, args.hostname);
    const changed = await modifyRegistry(ctx, current, argsOf(undefined, args.props));
    return { container_registry: changed };
  },
  /** Deletes every registry named `hostname` and answers the first, as Backend.AI does. */
  async delete_container_registry(_: unknown, args: { hostname: string }, ctx: AdminContext) {
    const docs = await registriesNamed(ctx, args.hostname);
    await deleteRegistries(ctx, docs);
    return { container_registry: docs[0] };
  },
};

export const ContainerRegistry = {
  id: (r: ContainerRegistryDoc) => toGlobalId('ContainerRegistry', r._id),
  hostname: (r: ContainerRegistryDoc) => r.registry_name,
  config: (r: ContainerRegistryDoc) => r,
};

export const ContainerRegistryConfig = {
  project: (r: ContainerRegistryDoc) => [r.project],
  password: (r: ContainerRegistryDoc, _: unknown, ctx: AdminContext) =>
    registryPasswordView(ctx.auth, r.password_sealed !== null),
};
