import type { MutationResolvers, QueryResolvers } from '../generated/resolvers';
import { credentialRulesState, setCredentialRulesState } from '../selfservice/credentialState';
import { sendLink } from '../selfservice/links';

export const SelfServiceQuery: QueryResolvers = {
  credentialPolicyRulesStateByUserName: (_, args, ctx) => credentialRulesState(ctx, args.userName),
};

/** Credential-policy state and the emailed links; the rules live in src/selfservice. */
export const SelfServiceCredential: MutationResolvers = {
  setCredentialPolicyRulesStateByUserName: (_, { input }, ctx) =>
    setCredentialRulesState(ctx, input),
  sendPasswordResetEmail: (_, { input }, ctx) => sendLink(ctx, 'password-reset', input),
  initializeAccountActivation: (_, { input }, ctx) => sendLink(ctx, 'account-activation', input),
};
