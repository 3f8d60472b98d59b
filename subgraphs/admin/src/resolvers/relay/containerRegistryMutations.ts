import type { AdminContext } from '../../context';
import {
  createRegistry,
  deleteRegistries,
  modifyRegistry,
  type RegistryArgs,
  registryById,
} from './containerRegistryWrites';

type Props = { props: RegistryArgs };

/**
 * create/modify/delete_container_registry_node and their _v2 forms (props input, plus
 * allowed_groups): superadmin only; answer `{container_registry}` with the row as stored.
 */
export const relayContainerRegistryMutations = {
  async create_container_registry_node(_: unknown, args: RegistryArgs, ctx: AdminContext) {
    return { container_registry: await createRegistry(ctx, { ...args, allowed_groups: null }) };
  },
  async modify_container_registry_node(
    _: unknown,
    { id, ...args }: RegistryArgs & { id: string },
    ctx: AdminContext,
  ) {
    const current = await registryById(ctx, id);
    return {
      container_registry: await modifyRegistry(ctx, current, { ...args, allowed_groups: null }),
    };
  },
  async delete_container_registry_node(_: unknown, args: { id: string }, ctx: AdminContext) {
    const current = await registryById(ctx, args.id);
    await deleteRegistries(ctx, [current]);
    return { container_registry: current };
  },
  async create_container_registry_node_v2(_: unknown, args: Props, ctx: AdminContext) {
    return { container_registry: await createRegistry(ctx, args.props) };
  },
  async modify_container_registry_node_v2(
    _: unknown,
    args: Props & { id: string },
    ctx: AdminContext,
  ) {
    const current = await registryById(ctx, args.id);
    return { container_registry: await modifyRegistry(ctx, current, args.props) };
  },
  delete_container_registry_node_v2(_: unknown, args: { id: string }, ctx: AdminContext) {
    return relayContainerRegistryMutations.delete_container_registry_node(_, args, ctx);
  },
};
