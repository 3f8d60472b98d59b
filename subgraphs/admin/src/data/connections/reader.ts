import type { Document } from 'mongodb';
import type { Listing, SortPairs } from '../listing';
import type { MongoStore } from '../mongo';
import { buildConnection, type Connection, type PageWindow, planWindow } from './window';

/** One root connection: its field (cursors of one field never work on another), where and how. */
export interface PageQuery {
  field: string;
  collection: string;
  filter: Document;
  sort: SortPairs;
}

/** Lookups the V2 filters' nested conditions make while they compile. */
export interface Lookup {
  find<T>(collection: string, filter: Document): Promise<T[]>;
}

/**
 * The reads behind every Relay and V2 connection: pages (one count and one find, whatever the
 * page size), whole ordered results for batched nested connections, and single rows.
 */
export class ConnectionStore implements Lookup {
  constructor(
    private readonly store: MongoStore,
    readonly listing: Listing,
  ) {}

  get cursors() {
    return this.listing.cursors;
  }

  async page<T>(q: PageQuery, window: PageWindow): Promise<Connection<T>> {
    const plan = planWindow(this.cursors, window, [q.field, q.filter, q.sort]);
    const total = await this.listing.count(q.collection, q.filter);
    const { start, end } = plan.range(total);
    const docs = await this.listing.slice<T>(q.collection, q.filter, q.sort, {
      skip: start,
      take: end - start,
    });
    return buildConnection(this.cursors, plan.shape, start, docs, total);
  }

  all<T>(collection: string, filter: Document, sort: SortPairs): Promise<T[]> {
    return this.listing.all<T>(collection, filter, sort);
  }

  async find<T>(collection: string, filter: Document): Promise<T[]> {
    const docs = await this.store.db
      .collection(collection)
      .find(filter, { maxTimeMS: this.store.maxTimeMS })
      .toArray();
    return docs as unknown as T[];
  }

  async findOne<T>(collection: string, filter: Document): Promise<T | null> {
    const doc = await this.store.db
      .collection(collection)
      .findOne(filter, { maxTimeMS: this.store.maxTimeMS });
    return doc as T | null;
  }
}
