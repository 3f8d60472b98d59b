import type { AdminContext } from '../../context';
import type { ConnectionArgs, PageWindow } from '../../data/connections/window';

export type { Connection, ConnectionArgs, Edge } from '../../data/connections/window';

/** The page the client asked for, seen by this caller under the server's list maximum. */
export function windowOf(ctx: AdminContext, args: ConnectionArgs): PageWindow {
  return { args, caller: ctx.auth.user, max: ctx.listLimitMax };
}
