import { Agent, agentMutations, agentQueries } from './agent';
import { Domain, domainMutations, domainQueries } from './domain';
import { Group, groupMutations, groupQueries } from './group';
import { Image, imageMutations, imageQueries } from './image';
import { KeyPair, keypairMutations, keypairQueries } from './keypair';
import {
  KeyPairResourcePolicy,
  ProjectResourcePolicy,
  policyMutations,
  policyQueries,
  UserResourcePolicy,
} from './policy';
import { presetMutations, presetQueries, ResourcePreset } from './preset';
import { ScalingGroup, scalingGroupMutations, scalingGroupQueries } from './scalingGroup';
import { relayQueries, relayTypes } from './relay';
import { scalars } from './scalars';
import { ComputeContainer, ComputeSession, sessionQueries } from './session';
import { User } from './User';
import { userMutations, userQueries } from './users';
import { v2Queries, v2Types } from './v2';

export const resolvers = {
  ...scalars,
  Query: {
    ...domainQueries,
    ...groupQueries,
    ...userQueries,
    ...keypairQueries,
    ...policyQueries,
    ...presetQueries,
    ...scalingGroupQueries,
    ...imageQueries,
    ...agentQueries,
    ...sessionQueries,
    ...relayQueries,
    ...v2Queries,
  },
  Mutation: {
    ...domainMutations,
    ...groupMutations,
    ...userMutations,
    ...keypairMutations,
    ...policyMutations,
    ...presetMutations,
    ...scalingGroupMutations,
    ...imageMutations,
    ...agentMutations,
  },
  User,
  KeyPair,
  Domain,
  Group,
  KeyPairResourcePolicy,
  UserResourcePolicy,
  ProjectResourcePolicy,
  ResourcePreset,
  ScalingGroup,
  Image,
  Agent,
  ComputeSession,
  ComputeContainer,
  ...relayTypes,
  ...v2Types,
};
