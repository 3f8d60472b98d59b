import { DomainV2, v2DomainQueries } from './domains';
import { UserV2, v2UserQueries } from './users';

/** strawberry-style V2 fields (`admin*V2`, `*V2`, `my*`). */
export const v2Queries = { ...v2UserQueries, ...v2DomainQueries };
export const v2Types = { UserV2, DomainV2 };
