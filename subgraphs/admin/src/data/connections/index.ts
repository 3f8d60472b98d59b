import type { Listing } from '../listing';
import type { MongoStore } from '../mongo';
import { AgentConnections } from './agents';
import { DomainConnections } from './domains';
import { GroupConnections } from './groups';
import { ImageConnections } from './images';
import { KeypairConnections } from './keypairs';
import { NestedPages } from './nested';
import { PolicyConnections } from './policies';
import { PresetConnections } from './presets';
import { ConnectionStore } from './reader';
import { ResourceGroupConnections } from './resourceGroups';
import { SessionConnections } from './sessions';
import { UserConnections } from './users';

/**
 * The read side of the Relay and V2 fields, one reader per aggregate. Built per request: the
 * nested connections batch over one request's page and never share a cache across callers.
 */
export function createConnectionReaders(store: MongoStore, listing: Listing) {
  const reads = new ConnectionStore(store, listing);
  const nested = new NestedPages(reads);
  return {
    users: new UserConnections(reads, nested),
    groups: new GroupConnections(reads, nested),
    domains: new DomainConnections(reads),
    keypairs: new KeypairConnections(reads, nested),
    policies: new PolicyConnections(reads),
    presets: new PresetConnections(reads),
    images: new ImageConnections(reads),
    agents: new AgentConnections(reads),
    sessions: new SessionConnections(reads),
    resourceGroups: new ResourceGroupConnections(reads),
  };
}

export type ConnectionReaders = ReturnType<typeof createConnectionReaders>;
