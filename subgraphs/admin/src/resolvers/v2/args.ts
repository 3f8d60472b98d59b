import type { V2List } from '../../data/connections/v2List';
import type { ConnectionArgs } from '../relay/connection';

/** Arguments of every V2 list: Relay paging plus `filter` and `orderBy`. */
export type V2ListArgs = ConnectionArgs & V2List;
