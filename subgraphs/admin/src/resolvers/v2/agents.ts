import type { AgentV2Resolvers, QueryResolvers } from '../../generated/resolvers';
import { requireSuperadmin } from '../../rules';
import { decodeJson, textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { AGENT_STATUSES } from '../../minilang/fields';
import { AGENT_V2_PERMISSIONS } from '../relay/agents';
import { enumValue, timeOrNull } from '../stored';

/** AgentV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { AGENT_V2_ORDER, AGENT_V2_RULES } from '../../data/connections/agents';

export const v2AgentQueries: QueryResolvers = {
  async agentsV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.agents.pageV2(args, windowOf(ctx, args));
  },
};

const slots = (stored: unknown): Record<string, string> => {
  const v = decodeJson(stored);
  return v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
    : {};
};

/** capacity − used per slot type, as decimal strings (types only in `used` count from zero capacity). */
export function freeSlots(
  capacity: Record<string, string>,
  used: Record<string, string>,
): Record<string, string> {
  const keys = [...new Set([...Object.keys(capacity), ...Object.keys(used)])];
  return Object.fromEntries(
    keys.map((k) => [k, String(Number(capacity[k] ?? 0) - Number(used[k] ?? 0))]),
  );
}

export const AgentV2: AgentV2Resolvers = {
  id: (a) => toGlobalId('AgentV2', a._id),
  resourceInfo: (a) => {
    const capacity = slots(a.available_slots);
    const used = slots(a.occupied_slots);
    return { capacity, used, free: freeSlots(capacity, used) };
  },
  statusInfo: (a) => ({
    status: enumValue('AgentStatusEnum', AGENT_STATUSES, a.status),
    statusChanged: timeOrNull(a.status_changed),
    firstContact: timeOrNull(a.first_contact),
    lostAt: timeOrNull(a.lost_at),
    schedulable: a.schedulable === true,
  }),
  systemInfo: (a) => {
    const plugins = decodeJson(a.compute_plugins);
    const entries =
      plugins && typeof plugins === 'object'
        ? Object.entries(plugins).map(([pluginName, value]) => ({
            pluginName,
            value: JSON.stringify(value),
          }))
        : [];
    return {
      architecture: textOf(a.architecture),
      version: textOf(a.version),
      autoTerminateAbusingKernel: a.auto_terminate_abusing_kernel === true,
      computePlugins: { entries },
    };
  },
  networkInfo: (a) => ({ region: textOf(a.region), addr: textOf(a.addr) }),
  permissions: () => [...AGENT_V2_PERMISSIONS],
  scalingGroup: (a) => textOf(a.scaling_group),
  containerCount: (a) => (typeof a.container_count === 'number' ? a.container_count : null),
};
