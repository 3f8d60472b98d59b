import type { AdminContext } from '../../context';
import type { MutationResolvers } from '../../generated/resolvers';
import {
  createRegistry,
  deleteRegistries,
  modifyRegistry,
  registryById,
} from './containerRegistryWrites';

async function deleteById(ctx: AdminContext, id: string) {
  const current = await registryById(ctx, id);
  await deleteRegistries(ctx, [current]);
  return { container_registry: current };
}

/**
 * create/modify/delete_container_registry_node and their _v2 forms (props input, plus
 * allowed_groups): superadmin only; answer `{container_registry}` with the row as stored.
 */
export const relayContainerRegistryMutations: MutationResolvers = {
  async create_container_registry_node(_, args, ctx) {
    return { container_registry: await createRegistry(ctx, { ...args, allowed_groups: null }) };
  },
  async modify_container_registry_node(_, { id, ...args }, ctx) {
    const current = await registryById(ctx, id);
    return {
      container_registry: await modifyRegistry(ctx, current, { ...args, allowed_groups: null }),
    };
  },
  delete_container_registry_node: (_, args, ctx) => deleteById(ctx, args.id),
  async create_container_registry_node_v2(_, args, ctx) {
    return { container_registry: await createRegistry(ctx, args.props) };
  },
  async modify_container_registry_node_v2(_, args, ctx) {
    const current = await registryById(ctx, args.id);
    return { container_registry: await modifyRegistry(ctx, current, args.props) };
  },
  delete_container_registry_node_v2: (_, args, ctx) => deleteById(ctx, args.id),
};
