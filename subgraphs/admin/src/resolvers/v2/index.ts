import type { QueryResolvers, Resolvers } from '../../generated/resolvers';
import { AgentV2, v2AgentQueries } from './agents';
import { DomainV2, v2DomainQueries } from './domains';
import { ImageV2, v2ImageQueries } from './images';
import { KeyPairV2, v2KeypairQueries } from './keypairs';
import {
  KeypairResourcePolicyV2,
  ProjectResourcePolicyV2,
  UserResourcePolicyV2,
  v2PolicyQueries,
} from './policies';
import { ResourcePresetV2, v2PresetQueries } from './presets';
import { ResourceGroup, v2ResourceGroupQueries } from './resourceGroups';
import { nestedV2, ProjectV2, v2ProjectQueries } from './projects';
import { SessionV2, v2SessionQueries } from './sessions';
import { UserV2, v2UserQueries } from './users';

/** strawberry-style V2 fields (`admin*V2`, `*V2`, `my*`). */
export const v2Queries: QueryResolvers = {
  ...v2UserQueries,
  ...v2DomainQueries,
  ...v2ProjectQueries,
  ...v2KeypairQueries,
  ...v2PolicyQueries,
  ...v2PresetQueries,
  ...v2ImageQueries,
  ...v2AgentQueries,
  ...v2ResourceGroupQueries,
  ...v2SessionQueries,
};
export const v2Types: Resolvers = {
  UserV2: { ...UserV2, projects: nestedV2.userProjects },
  DomainV2: { ...DomainV2, projects: nestedV2.domainProjects, users: nestedV2.domainUsers },
  ProjectV2,
  KeyPairV2,
  KeypairResourcePolicyV2,
  UserResourcePolicyV2,
  ProjectResourcePolicyV2,
  ResourcePresetV2,
  ImageV2,
  AgentV2,
  ResourceGroup,
  SessionV2,
};
