import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type { AgentFilter } from '../data/agentsRepository';
import type { RecordDoc } from '../data/documents';
import { AGENT_FIELDS, AGENT_STATUSES } from '../minilang/fields';
import { requireSuperadmin } from '../rules';
import {
  defined,
  jsonFields,
  type ListArgs,
  listPage,
  listQuery,
  mutation,
  noMatch,
  success,
} from './helpers';

interface AgentsArgs {
  scaling_group?: string | null;
  status?: string | null;
}

function agentsFilter(args: AgentsArgs): AgentFilter {
  const statuses = args.status
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = statuses?.find((s) => !(AGENT_STATUSES as readonly string[]).includes(s));
  if (bad)
    throw new GraphQLError(`status must be one of ${AGENT_STATUSES.join(', ')}, got "${bad}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return {
    scalingGroup: args.scaling_group || undefined,
    statuses: statuses?.length ? statuses : undefined,
  };
}

export const agentQueries = {
  agent: (_: unknown, args: { agent_id: string }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.byId(args.agent_id);
  },
  agents: (_: unknown, args: AgentsArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.list(agentsFilter(args));
  },
  async agent_list(_: unknown, args: AgentsArgs & ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const query = listQuery(ctx, args, AGENT_FIELDS, '+id');
    return listPage(await ctx.repos.agents.pageScoped(agentsFilter(args), query));
  },
};

export const Agent = {
  id: (a: RecordDoc) => a._id,
  ...jsonFields(
    'available_slots',
    'occupied_slots',
    'live_stat',
    'compute_plugins',
    'hardware_metadata',
    'local_config',
  ),
  compute_containers: (a: RecordDoc, args: { status?: string | null }, ctx: AdminContext) =>
    ctx.repos.containers.onAgent(a._id, args.status ? args.status.toUpperCase() : undefined),
};

export const agentMutations = {
  modify_agent: mutation(
    async (
      a: { id: string; props: { schedulable?: boolean | null; scaling_group?: string | null } },
      ctx,
    ) => {
      const set = defined({
        schedulable: a.props.schedulable ?? undefined,
        scaling_group: a.props.scaling_group ?? undefined,
      });
      return (await ctx.repos.agents.modify(a.id, set)) ? success : noMatch('agent');
    },
  ),
};
