/**
 * Names shared by the gateway and the admin subgraph for keypair data that the gateway
 * needs on every request (kept in one place so both sides agree).
 */
/** Redis pub/sub channel: the admin subgraph publishes an access key whose keypair changed. */
export const KEYPAIR_INVALIDATION_CHANNEL = 'fedmgmt:keypair-invalidated';
/** Redis hash per access key: { num_queries, last_used (epoch ms) }, written by the gateway. */
export function keypairStatsKey(accessKey: string): string {
  return `fedmgmt:kp-stats:${encodeURIComponent(accessKey)}`;
}
/** The admin subgraph's internal route the gateway reads keypairs from. */
export const INTERNAL_KEYPAIR_ROUTE = '/internal/keypairs/:accessKey';
/** The body a keypair lookup's context is bound to (see operationHash). */
export function keypairLookupBinding(accessKey: string): { query: string } {
  return { query: `internal:keypair:${accessKey}` };
}
/** RFC 7591 client registration: the gateway's route and the accounts subgraph's (same path). */
export const DCR_REGISTRATION_PATH = '/oauth/register';
/** The body the gateway binds a registration context to (see operationHash). */
export const DCR_REGISTRATION_BINDING = { query: 'dcr:register' } as const;
