import type { ClientSession } from 'mongodb';
import { BaseRepository, type IndexSpec } from './baseRepository';
import type { RecordDoc } from './documents';
import type { MongoStore } from './mongo';

/**
 * A name-keyed record stored in API shape: resource policies (keypair, user, project), resource
 * presets, scaling groups. `_id` is the name.
 */
export class NamedRepository extends BaseRepository<RecordDoc> {
  constructor(store: MongoStore, collection: string, extraIndexes: string[] = []) {
    const indexes: IndexSpec[] = [
      { keys: { name: 1 }, name: 'name_unique', unique: true, field: 'name' },
      ...extraIndexes.map((f) => ({ keys: { [f]: 1 as const }, name: f })),
    ];
    super(store, collection, indexes, 'name');
  }

  byName(name: string): Promise<RecordDoc | null> {
    return this.byId(name);
  }

  /** Every record, ordered by name. */
  listAll(): Promise<RecordDoc[]> {
    return this.find({}, [['name', 1]]);
  }

  /** The records with these names, ordered by name. */
  listNamed(names: readonly string[]): Promise<RecordDoc[]> {
    return this.find({ _id: { $in: [...names] } }, [['name', 1]]);
  }

  create(name: string, fields: Record<string, unknown>): Promise<RecordDoc> {
    return this.insert({ ...fields, _id: name, name, created_at: new Date() });
  }

  /** Sets `fields`; false when no record has that name. */
  async modify(name: string, fields: Record<string, unknown>): Promise<boolean> {
    return (await this.update({ _id: name }, fields)) !== null;
  }

  /** What else goes with the record, inside the delete's transaction. */
  protected async onRemove(_name: string, _session: ClientSession): Promise<void> {}

  /** Deletes the record (and what goes with it) atomically; false when no record has that name. */
  async remove(name: string): Promise<boolean> {
    if (!(await this.exists(name))) return false;
    await this.store.transaction(async (session) => {
      await this.onRemove(name, session);
      await this.deleteMany({ _id: name }, session);
    });
    return true;
  }
}
