/** V2 filter inputs compile in data/connections/v2Filter.ts; the rule type is named here too. */
export type { FilterRules } from '../../data/connections/v2Filter';
