import type { ClientSession, Collection, Document, Filter, Sort } from 'mongodb';
import { mapWriteError } from './errors';
import type { MongoStore } from './mongo';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface IndexSpec {
  keys: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
  /** The API field a unique index guards, named in integrity errors. */
  field?: string;
}

/**
 * Shared plumbing for the repositories: the only code that talks to MongoDB. Every read
 * carries maxTimeMS; every write maps duplicate keys to IntegrityError. Resolvers call the
 * aggregate repositories' intent methods; the generic methods here serve those repositories,
 * the Relay/V2 readers, seeding scripts and tests.
 */
export class BaseRepository<T extends Document & { _id: string }> {
  protected readonly col: Collection<T>;
  private readonly indexFields: Record<string, string>;

  constructor(
    protected readonly store: MongoStore,
    name: string,
    private readonly indexes: IndexSpec[],
    /** The API field `_id` holds (named when an insert collides on it). */
    idField = '_id',
  ) {
    this.col = store.db.collection<T>(name);
    this.indexFields = Object.fromEntries(
      indexes.filter((i) => i.field).map((i) => [i.name, i.field as string]),
    );
    this.indexFields._id_ ??= idField;
  }

  async ensureIndexes(): Promise<void> {
    for (const i of this.indexes) {
      await this.col.createIndex(i.keys, { name: i.name, unique: i.unique ?? false });
    }
  }

  protected get opts() {
    return { maxTimeMS: this.store.maxTimeMS };
  }

  /** One round trip for any number of keys of a unique field; answers in the order asked. */
  async byField(field: string, values: readonly string[]): Promise<(T | null)[]> {
    const docs = await this.find({ [field]: { $in: [...new Set(values)] } } as Filter<T>);
    const by = new Map(docs.map((d) => [String(d[field]), d]));
    return values.map((v) => by.get(v) ?? null);
  }

  /** One round trip for one-to-many lookups (e.g. the keypairs of many users). */
  async groupedBy(field: string, values: readonly string[]): Promise<T[][]> {
    const docs = await this.find({ [field]: { $in: [...new Set(values)] } } as Filter<T>);
    const by = new Map<string, T[]>();
    for (const d of docs) {
      const k = String(d[field]);
      by.set(k, [...(by.get(k) ?? []), d]);
    }
    return values.map((v) => by.get(v) ?? []);
  }

  async find(
    filter: Filter<T>,
    sort?: Sort,
    limit?: number,
    session?: ClientSession,
  ): Promise<T[]> {
    let cursor = this.col.find(filter, { ...this.opts, ...(session ? { session } : {}) });
    if (sort) cursor = cursor.sort(sort);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return (await cursor.toArray()) as T[];
  }

  async findOne(filter: Filter<T>, session?: ClientSession): Promise<T | null> {
    return (await this.col.findOne(filter, {
      ...this.opts,
      ...(session ? { session } : {}),
    })) as T | null;
  }

  /** A page plus the total under the same filter (limit and offset ignored for the count). */
  async page(
    filter: Filter<T>,
    sort: Sort | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<T>> {
    // limit(0) means "no limit" to MongoDB; a zero-sized page only needs the count.
    let cursor = this.col.find(filter, this.opts).skip(offset).limit(limit);
    if (sort) cursor = cursor.sort(sort);
    const [items, total] = await Promise.all([
      limit > 0 ? cursor.toArray() : [],
      this.col.countDocuments(filter, this.opts),
    ]);
    return { items: items as T[], total };
  }

  /** Runs one write: inside the caller's transaction when given a session, else through the store's write gate. */
  protected write<R>(
    session: ClientSession | undefined,
    fn: (opts: { session?: ClientSession }) => Promise<R>,
  ): Promise<R> {
    const run = async () => {
      try {
        return await fn(session ? { session } : {});
      } catch (err) {
        throw mapWriteError(err, this.indexFields, session !== undefined);
      }
    };
    return session ? run() : this.store.write(run);
  }

  async insert(doc: T, session?: ClientSession): Promise<T> {
    await this.write(session, (o) => this.col.insertOne(doc as never, o));
    return doc;
  }

  /**
   * Sets fields on one document in one round trip (findOneAndUpdate); returns the updated
   * document, or null when none matched.
   */
  async update(filter: Filter<T>, set: Partial<T>, session?: ClientSession): Promise<T | null> {
    return (await this.write(session, (o) =>
      // Like every other write: no maxTimeMS (a write's deadline is the driver's socket timeout).
      this.col.findOneAndUpdate(filter, { $set: set }, { ...o, returnDocument: 'after' }),
    )) as T | null;
  }

  /** The document whose `_id` is `id`, or null. */
  byId(id: string, session?: ClientSession): Promise<T | null> {
    return this.findOne({ _id: id } as Filter<T>, session);
  }

  /** Whether a document with this `_id` exists (reference checks). */
  async exists(id: string, session?: ClientSession): Promise<boolean> {
    return (await this.byId(id, session)) !== null;
  }

  /** Deletes the document whose `_id` is `id`; true when one was deleted. */
  async deleteById(id: string, session?: ClientSession): Promise<boolean> {
    return (await this.deleteMany({ _id: id } as Filter<T>, session)) > 0;
  }

  async updateMany(filter: Filter<T>, set: Partial<T>, session?: ClientSession): Promise<number> {
    const res = await this.write(session, (o) => this.col.updateMany(filter, { $set: set }, o));
    return res.matchedCount;
  }

  async deleteMany(filter: Filter<T>, session?: ClientSession): Promise<number> {
    const res = await this.write(session, (o) => this.col.deleteMany(filter, o));
    return res.deletedCount;
  }

  async insertMany(docs: T[], session?: ClientSession): Promise<void> {
    if (docs.length === 0) return;
    await this.write(session, (o) =>
      this.col.insertMany(docs as never[], { ordered: false, ...o }),
    );
  }
}
