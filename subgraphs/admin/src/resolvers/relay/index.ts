import { relayUserQueries, relayUserTypes } from './users';

/** graphene-style Relay fields (`*_node(s)`, `viewer`). */
export const relayQueries = { ...relayUserQueries };
export const relayTypes = { ...relayUserTypes };
