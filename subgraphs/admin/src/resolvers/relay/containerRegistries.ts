import { GraphQLScalarType, Kind } from 'graphql';
import type { AdminContext } from '../../context';
import { parseRegistryType, registryPasswordView } from '../../containerRegistryRules';
import type { ListText } from '../../data/containerRegistries';
import type { ContainerRegistryNodeResolvers, QueryResolvers } from '../../generated/resolvers';
import { requireSuperadmin } from '../../rules';
import { decodeJson } from '../helpers';
import { buildConnection, connectionOf, planWindow } from '../../data/connections/window';
import { type ConnectionArgs, windowOf } from './connection';
import { GROUP_NODE_FIELDS } from './fields';
import { toGlobalId } from './globalId';
import { registryById } from './containerRegistryWrites';

/** What a registry connection field's page depends on: the window, filter and order. */
type ListArgs = ConnectionArgs & ListText;

export const ContainerRegistryTypeField = new GraphQLScalarType({
  name: 'ContainerRegistryTypeField',
  serialize: (v) => String(v),
  parseValue: parseRegistryType,
  parseLiteral: (ast) => parseRegistryType(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** The page window of one connection field (its shape names the field, filter, order, parent). */
function windowFor(ctx: AdminContext, args: ListArgs, shapeParts: unknown[]) {
  const cursors = ctx.repos.listing.cursors;
  return { cursors, plan: planWindow(cursors, windowOf(ctx, args), shapeParts) };
}

export const relayContainerRegistryQueries: QueryResolvers = {
  container_registry_node(_, args, ctx) {
    return registryById(ctx, args.id);
  },
  /** Superadmin only (privileged_query); one count and one find per page. */
  async container_registry_nodes(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const list = { filter: args.filter, order: args.order };
    const { cursors, plan } = windowFor(ctx, args, [
      'container_registry_nodes',
      list.filter,
      list.order,
    ]);
    const page = await ctx.repos.containerRegistries.listPage(list, plan.range);
    return buildConnection(cursors, plan.shape, page.start, page.docs, page.total);
  },
};

export const ContainerRegistryNode: ContainerRegistryNodeResolvers = {
  id: (r) => toGlobalId('ContainerRegistryNode', r._id),
  row_id: (r) => r._id,
  name: () => null,
  password: (r, _, ctx) => registryPasswordView(ctx.auth, r.password_sealed !== null),
  extra: (r) => decodeJson(r.extra),
  /** Every group when global (Backend.AI's system scope), else the associated ones. */
  async allowed_groups(r, args, ctx) {
    requireSuperadmin(ctx.auth);
    const list = { filter: args.filter, order: args.order };
    const { cursors, plan } = windowFor(ctx, args, [
      'ContainerRegistryNode.allowed_groups',
      r._id,
      list,
    ]);
    return connectionOf(
      cursors,
      plan,
      await ctx.loaders.registryGroups(list, GROUP_NODE_FIELDS).load(r),
    );
  },
};
