import type { CredentialRuleDescriptorResolvers } from '../generated/resolvers';

export const CredentialRuleDescriptor: CredentialRuleDescriptorResolvers = {
  __resolveType: (r) => r.__typename,
};
