export { applyPatch, accountFromCreate, checkArgument, checkUserName } from './accountInput';
export { Authorizer, type Reach } from './authorization';
export { CredentialPolicy, type RuleDescriptor } from './credentialPolicy';
export { newPasswordHash, requireCurrentPassword } from './passwords';
