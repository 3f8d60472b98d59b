import { GraphQLError } from 'graphql';
import type { AgentFilter } from '../data/agentsRepository';
import type {
  AgentResolvers,
  MutationResolvers,
  QueryAgentsArgs,
  QueryResolvers,
} from '../generated/resolvers';
import { AGENT_FIELDS, AGENT_STATUSES } from '../minilang/fields';
import { requireSuperadmin } from '../rules';
import { defined, jsonFields, listPage, listQuery, mutation, noMatch, success } from './helpers';

function agentsFilter(args: QueryAgentsArgs): AgentFilter {
  const statuses = args.status
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = statuses?.find((s) => !AGENT_STATUSES.some((v) => v === s));
  if (bad)
    throw new GraphQLError(`status must be one of ${AGENT_STATUSES.join(', ')}, got "${bad}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return {
    scalingGroup: args.scaling_group || undefined,
    statuses: statuses?.length ? statuses : undefined,
  };
}

export const agentQueries: QueryResolvers = {
  agent: (_, args, ctx) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.byId(args.agent_id);
  },
  agents: (_, args, ctx) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.list(agentsFilter(args));
  },
  async agent_list(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const query = listQuery(ctx, args, AGENT_FIELDS, '+id');
    return listPage(await ctx.repos.agents.pageScoped(agentsFilter(args), query));
  },
};

export const Agent: AgentResolvers = {
  id: (a) => a._id,
  ...jsonFields(
    'available_slots',
    'occupied_slots',
    'live_stat',
    'compute_plugins',
    'hardware_metadata',
    'local_config',
  ),
  compute_containers: (a, args, ctx) =>
    ctx.repos.containers.onAgent(a._id, args.status ? args.status.toUpperCase() : undefined),
};

export const agentMutations: MutationResolvers = {
  modify_agent: mutation(async (a, ctx) => {
    const set = defined({
      schedulable: a.props.schedulable ?? undefined,
      scaling_group: a.props.scaling_group ?? undefined,
    });
    return (await ctx.repos.agents.modify(a.id, set)) ? success : noMatch('agent');
  }),
};
