import type { RuleDescriptor } from '../rules';

export const CredentialRuleDescriptor = {
  __resolveType: (r: RuleDescriptor) => r.__typename,
};
