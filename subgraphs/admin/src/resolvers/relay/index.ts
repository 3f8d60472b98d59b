import type { MutationResolvers, QueryResolvers, Resolvers } from '../../generated/resolvers';
import { AgentNode, relayAgentQueries } from './agents';
import {
  ContainerRegistryNode,
  ContainerRegistryTypeField,
  relayContainerRegistryQueries,
} from './containerRegistries';
import { relayContainerRegistryMutations } from './containerRegistryMutations';
import { DomainNode, relayDomainQueries } from './domains';
import { GroupNode, projectNodes, relayGroupQueries } from './groups';
import { ImageNode, relayImageQueries } from './images';
import { relayScalars } from './scalars';
import { ComputeSessionNode, relaySessionQueries } from './sessions';
import { relayUserQueries, relayUserTypes } from './users';

/** graphene-style Relay fields (`*_node(s)`, `viewer`). */
export const relayQueries: QueryResolvers = {
  ...relayUserQueries,
  ...relayGroupQueries,
  ...relayDomainQueries,
  ...relayImageQueries,
  ...relayAgentQueries,
  ...relaySessionQueries,
  ...relayContainerRegistryQueries,
};
export const relayMutations: MutationResolvers = { ...relayContainerRegistryMutations };
export const relayTypes: Resolvers = {
  ...relayScalars,
  ...relayUserTypes,
  UserNode: { ...relayUserTypes.UserNode, project_nodes: projectNodes },
  GroupNode,
  DomainNode,
  ImageNode,
  AgentNode,
  ComputeSessionNode,
  ContainerRegistryNode,
  ContainerRegistryTypeField,
};
