/** The Relay filter/order whitelists live with the queries (data/connections/fields.ts). */
export { DOMAIN_NODE_FIELDS, GROUP_NODE_FIELDS } from '../../data/connections/fields';
