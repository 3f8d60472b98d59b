import { GraphQLError } from 'graphql';
import { type AgentScope, is } from '../../data/connections/scope';
import type {
  AgentNodeResolvers,
  AgentPermission,
  QueryResolvers,
} from '../../generated/resolvers';
import { requireSuperadmin } from '../../rules';
import { jsonFields } from '../helpers';
import { windowOf } from './connection';
import { toGlobalId } from './globalId';

/** The agent permissions as AgentV2 names them; AgentNode and agent_nodes use them lower-cased. */
export const AGENT_V2_PERMISSIONS: readonly AgentPermission[] = [
  'READ_ATTRIBUTE',
  'UPDATE_ATTRIBUTE',
  'CREATE_COMPUTE_SESSION',
  'CREATE_SERVICE',
];
export const AGENT_PERMISSIONS = AGENT_V2_PERMISSIONS.map((p) => p.toLowerCase());
const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

/** `scope`: system (default) or resource_group:<name>; anything else is an input error. */
function agentScope(scope: string | null | undefined): AgentScope {
  if (!scope || scope === 'system') return [];
  const m = /^(?:resource_group|scaling_group):(.+)$/.exec(scope);
  if (!m)
    throw badInput(`scope must be "system" or "resource_group:<name>", got "${scope}"`, 'scope');
  return [is('resourceGroup', m[1] ?? '')];
}

export const relayAgentQueries: QueryResolvers = {
  /** Superadmin only, as agent_list: a superadmin holds every agent permission. */
  agent_nodes(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const permission = args.permission ?? 'create_compute_session';
    if (!AGENT_PERMISSIONS.includes(permission))
      throw badInput(
        `permission must be one of ${AGENT_PERMISSIONS.join(', ')}, got "${permission}"`,
        'permission',
      );
    return ctx.connections.agents.page(() => agentScope(args.scope), args, windowOf(ctx, args));
  },
};

export const AgentNode: AgentNodeResolvers = {
  id: (a) => toGlobalId('AgentNode', a._id),
  row_id: (a) => a._id,
  ...jsonFields(
    'available_slots',
    'occupied_slots',
    'live_stat',
    'compute_plugins',
    'hardware_metadata',
    'local_config',
  ),
  gpu_alloc_map: () => null,
  permissions: () => AGENT_PERMISSIONS,
};
