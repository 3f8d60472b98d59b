import { parseRegistryType, registryPasswordView } from '../containerRegistryRules';
import type {
  ContainerRegistryConfigResolvers,
  ContainerRegistryResolvers,
  ModifyContainerRegistryInput,
  MutationResolvers,
  QueryResolvers,
} from '../generated/resolvers';
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
function argsOf(hostname: string | undefined, p: ModifyContainerRegistryInput): RegistryArgs {
  const { type, project, ...rest } = p;
  return {
    ...rest,
    ...(hostname !== undefined ? { registry_name: hostname } : {}),
    ...(type ? { type: parseRegistryType(type) } : {}),
    ...(project && project.length > 0 ? { project: project[0] ?? null } : {}),
  };
}

export const containerRegistryQueries: QueryResolvers = {
  async container_registry(_, args, ctx) {
    return (await registriesNamed(ctx, args.hostname))[0];
  },
  container_registries(_, __, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.repos.containerRegistries.all();
  },
};

export const containerRegistryMutations: MutationResolvers = {
  async create_container_registry(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const created = await createRegistry(ctx, argsOf(args.hostname, args.props));
    return { container_registry: created };
  },
  /** Changes the first registry named `hostname` (by project), as Backend.AI's scalar() does. */
  async modify_container_registry(_, args, ctx) {
    const [current] = await registriesNamed(ctx, args.hostname);
    const changed = await modifyRegistry(ctx, current, argsOf(undefined, args.props));
    return { container_registry: changed };
  },
  /** Deletes every registry named `hostname` and answers the first, as Backend.AI does. */
  async delete_container_registry(_, args, ctx) {
    const docs = await registriesNamed(ctx, args.hostname);
    await deleteRegistries(ctx, docs);
    return { container_registry: docs[0] };
  },
};

export const ContainerRegistry: ContainerRegistryResolvers = {
  id: (r) => toGlobalId('ContainerRegistry', r._id),
  hostname: (r) => r.registry_name,
  config: (r) => r,
};

export const ContainerRegistryConfig: ContainerRegistryConfigResolvers = {
  project: (r) => [r.project],
  password: (r, _, ctx) => registryPasswordView(ctx.auth, r.password_sealed !== null),
};
