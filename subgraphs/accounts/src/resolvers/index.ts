import type { Resolvers } from '../generated/resolvers';
import { Account } from './Account';
import { CredentialRuleDescriptor } from './CredentialRuleDescriptor';
import { Device, DeviceDetails } from './Device';
import { DynamicallyRegisteredClient } from './DynamicallyRegisteredClient';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { User } from './User';
import { scalars } from './scalars';
import { SelfServiceCredential, SelfServiceQuery } from './SelfServiceCredential';
import { SelfServiceMfa } from './SelfServiceMfa';
import { SelfServiceMutation } from './SelfServiceMutation';

export const resolvers: Resolvers = {
  ...scalars,
  Query: { ...Query, ...SelfServiceQuery },
  Mutation: { ...Mutation, ...SelfServiceMutation, ...SelfServiceMfa, ...SelfServiceCredential },
  Account,
  Device,
  DeviceDetails,
  CredentialRuleDescriptor,
  DynamicallyRegisteredClient,
  User,
};
