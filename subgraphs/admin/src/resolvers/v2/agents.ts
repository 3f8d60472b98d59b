import type { AdminContext } from '../../context';
import type { RecordDoc } from '../../data/documents';
import { requireSuperadmin } from '../../rules';
import { decodeJson, textOf } from '../helpers';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import { AGENT_PERMISSIONS } from '../relay/agents';
import type { V2ListArgs } from './args';

/** AgentV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { AGENT_V2_ORDER, AGENT_V2_RULES } from '../../data/connections/agents';

export const v2AgentQueries = {
  async agentsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
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

export const AgentV2 = {
  id: (a: RecordDoc) => toGlobalId('AgentV2', a._id),
  resourceInfo: (a: RecordDoc) => {
    const capacity = slots(a.available_slots);
    const used = slots(a.occupied_slots);
    return { capacity, used, free: freeSlots(capacity, used) };
  },
  statusInfo: (a: RecordDoc) => ({
    status: a.status,
    statusChanged: a.status_changed ?? null,
    firstContact: a.first_contact ?? null,
    lostAt: a.lost_at ?? null,
    schedulable: a.schedulable === true,
  }),
  systemInfo: (a: RecordDoc) => {
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
  networkInfo: (a: RecordDoc) => ({ region: textOf(a.region), addr: textOf(a.addr) }),
  permissions: () => AGENT_PERMISSIONS.map((p) => p.toUpperCase()),
  scalingGroup: (a: RecordDoc) => textOf(a.scaling_group),
  containerCount: (a: RecordDoc) =>
    typeof a.container_count === 'number' ? a.container_count : null,
};
