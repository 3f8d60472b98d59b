import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import { MissingReferenceError } from '../data/errors';
import { AGENT_FIELDS, AGENT_STATUSES } from '../minilang/fields';
import { requireSuperadmin } from '../rules';
import {
  and,
  compileList,
  defined,
  jsonFields,
  type ListArgs,
  mutation,
  noMatch,
  success,
} from './helpers';

interface AgentsArgs {
  scaling_group?: string | null;
  status?: string | null;
}

function agentsScope(args: AgentsArgs) {
  const statuses = args.status
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = statuses?.find((s) => !(AGENT_STATUSES as readonly string[]).includes(s));
  if (bad)
    throw new GraphQLError(`status must be one of ${AGENT_STATUSES.join(', ')}, got "${bad}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return and(
    args.scaling_group ? { scaling_group: { $eq: args.scaling_group } } : undefined,
    statuses?.length ? { status: { $in: statuses } } : undefined,
  );
}

export const agentQueries = {
  agent: (_: unknown, args: { agent_id: string }, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.findOne({ _id: args.agent_id });
  },
  agents: (_: unknown, args: AgentsArgs, ctx: AdminContext) => {
    requireSuperadmin(ctx.auth);
    return ctx.repos.agents.find(agentsScope(args), [['_id', 1]]);
  },
  async agent_list(_: unknown, args: AgentsArgs & ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const list = compileList(ctx, args, AGENT_FIELDS, '+id');
    const page = await ctx.repos.agents.page(
      and(agentsScope(args), list.filter),
      list.sort,
      list.offset,
      list.limit,
    );
    return { items: page.items, total_count: page.total };
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
    ctx.repos.containers.find(
      and(
        { agent: { $eq: a._id } },
        args.status ? { status: { $eq: args.status.toUpperCase() } } : undefined,
      ),
      [['created_at', -1]],
      100,
    ),
};

export const agentMutations = {
  modify_agent: mutation(
    async (
      a: { id: string; props: { schedulable?: boolean | null; scaling_group?: string | null } },
      ctx,
    ) => {
      if (
        a.props.scaling_group &&
        !(await ctx.repos.scalingGroups.findOne({ _id: a.props.scaling_group }))
      ) {
        throw new MissingReferenceError('scaling group', a.props.scaling_group);
      }
      const set = defined({
        schedulable: a.props.schedulable ?? undefined,
        scaling_group: a.props.scaling_group ?? undefined,
      });
      return (await ctx.repos.agents.update({ _id: a.id }, set)) ? success : noMatch('agent');
    },
  ),
};
