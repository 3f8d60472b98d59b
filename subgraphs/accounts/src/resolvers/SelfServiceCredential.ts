import type { AccountsContext } from '../context';
import {
  credentialRulesState,
  type RulesStateInput,
  setCredentialRulesState,
} from '../selfservice/credentialState';
import { type LinkInput, sendLink } from '../selfservice/links';

export const SelfServiceQuery = {
  credentialPolicyRulesStateByUserName: (
    _: unknown,
    args: { userName: string },
    ctx: AccountsContext,
  ) => credentialRulesState(ctx, args.userName),
};

/** Credential-policy state and the emailed links; the rules live in src/selfservice. */
export const SelfServiceCredential = {
  setCredentialPolicyRulesStateByUserName: (
    _: unknown,
    { input }: { input: RulesStateInput },
    ctx: AccountsContext,
  ) => setCredentialRulesState(ctx, input),
  sendPasswordResetEmail: (_: unknown, { input }: { input: LinkInput }, ctx: AccountsContext) =>
    sendLink(ctx, 'password-reset', input),
  initializeAccountActivation: (
    _: unknown,
    { input }: { input: LinkInput },
    ctx: AccountsContext,
  ) => sendLink(ctx, 'account-activation', input),
};
