import type { Resolvers } from '../generated/resolvers';
import { Agent, agentMutations, agentQueries } from './agent';
import {
  ContainerRegistry,
  ContainerRegistryConfig,
  containerRegistryMutations,
  containerRegistryQueries,
} from './containerRegistry';
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
import { relayMutations, relayQueries, relayTypes } from './relay';
import { scalars } from './scalars';
import { ComputeContainer, ComputeSession, sessionQueries } from './session';
import { User } from './User';
import { userMutations, userQueries } from './users';
import { v2Queries, v2Types } from './v2';

export const resolvers: Resolvers = {
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
    ...containerRegistryQueries,
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
    ...containerRegistryMutations,
    ...relayMutations,
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
  ContainerRegistry,
  ContainerRegistryConfig,
  ...relayTypes,
  ...v2Types,
};
