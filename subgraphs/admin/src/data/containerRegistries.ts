import { randomUUID } from 'node:crypto';
import type { Filter } from 'mongodb';
import type { FieldMap } from '../minilang/compile';
import { compileFilter } from './minilangMongo';
import { BaseRepository } from './baseRepository';
import {
  CONTAINER_REGISTRY_FIELDS,
  CONTAINER_REGISTRY_INDEXES,
  type ContainerRegistryDoc,
  type ListText,
  listSort,
  type RegistryChange,
  type RegistryPage,
  type RegistrySettings,
} from './containerRegistryDocs';
import type { GroupDoc } from './documents';
import { MissingReferenceError, WriteNotAppliedError } from './errors';
import type { MongoStore } from './mongo';
import type { SecretBox } from './secretBox';

export type { ContainerRegistryDoc, ListText, RegistryChange, RegistrySettings };

/** The `container_registries` collection: the only code that reads or writes registries. */
export class ContainerRegistriesRepository extends BaseRepository<ContainerRegistryDoc> {
  constructor(
    store: MongoStore,
    private readonly box: SecretBox,
  ) {
    super(store, 'container_registries', CONTAINER_REGISTRY_INDEXES);
  }

  private seal(id: string, password: string | null): string | null {
    return password === null ? null : this.box.seal(password, `container_registry:${id}`);
  }

  /** The stored password in clear (for a registry client; the API never returns it). */
  passwordOf(doc: ContainerRegistryDoc): string | null {
    return doc.password_sealed === null
      ? null
      : this.box.open(doc.password_sealed, `container_registry:${doc._id}`);
  }

  /** Every registry named `name`, by project (Backend.AI allows one per project). */
  named(name: string): Promise<ContainerRegistryDoc[]> {
    return this.find({ registry_name: { $eq: name } }, { project: 1, _id: 1 });
  }

  all(): Promise<ContainerRegistryDoc[]> {
    return this.find({}, { registry_name: 1, project: 1, _id: 1 });
  }

  /**
   * One page for a filter/order string pair (the mini-language over CONTAINER_REGISTRY_FIELDS,
   * default `+row_id`): one count and one find, whatever the page size. `window` turns the total
   * into the page's [start, end).
   */
  async listPage(
    list: ListText,
    window: (total: number) => { start: number; end: number },
  ): Promise<RegistryPage> {
    const filter = (
      list.filter ? compileFilter(list.filter, CONTAINER_REGISTRY_FIELDS) : {}
    ) as Filter<ContainerRegistryDoc>;
    const sort = listSort(list.order, CONTAINER_REGISTRY_FIELDS, '+row_id');
    const total = await this.col.countDocuments(filter, this.opts);
    const { start, end } = window(total);
    if (end <= start) return { docs: [], start, total };
    const docs = await this.col
      .find(filter, this.opts)
      .sort(sort)
      .skip(start)
      .limit(end - start)
      .toArray();
    return { docs: docs, start, total };
  }

  /** The stored form of new settings (seeds insert many at once). */
  sealedDoc(
    s: RegistrySettings,
    allowedGroups: string[] = [],
    _id: string = randomUUID(),
  ): ContainerRegistryDoc {
    return {
      _id,
      url: s.url,
      registry_name: s.registry_name,
      type: s.type,
      project: s.project,
      username: s.username,
      password_sealed: this.seal(_id, s.password),
      ssl_verify: s.ssl_verify,
      is_global: s.is_global,
      extra: s.extra === null || s.extra === undefined ? null : JSON.stringify(s.extra),
      allowed_groups: allowedGroups,
    };
  }

  async create(s: RegistrySettings, allowedGroups: string[] = []): Promise<ContainerRegistryDoc> {
    const groups = await this.existingGroups(allowedGroups);
    return this.insert(this.sealedDoc(s, groups));
  }

  /** Applies `change` to `current` (read by the caller, who validated the result). */
  async modify(
    current: ContainerRegistryDoc,
    change: RegistryChange,
  ): Promise<ContainerRegistryDoc> {
    const { allowedGroups, password, extra, ...plain } = change;
    const set: Partial<ContainerRegistryDoc> = { ...plain };
    if (password !== undefined) set.password_sealed = this.seal(current._id, password);
    if (extra !== undefined) set.extra = extra === null ? null : JSON.stringify(extra);
    if (allowedGroups) set.allowed_groups = await this.regrouped(current, allowedGroups);
    // Unchanged since it was read: a concurrent change to its groups must not be overwritten.
    const filter = { _id: current._id, allowed_groups: { $eq: current.allowed_groups } };
    const after = await this.write(undefined, (o) =>
      this.col.findOneAndUpdate(filter, { $set: set }, { ...o, returnDocument: 'after' }),
    );
    if (!after) throw new WriteNotAppliedError('the registry changed or vanished meanwhile');
    return after;
  }

  /** Deletes the given registries; answers how many went. */
  async remove(ids: string[]): Promise<number> {
    return this.deleteMany({ _id: { $in: ids } });
  }

  private async regrouped(
    current: ContainerRegistryDoc,
    change: { add: string[]; remove: string[] },
  ): Promise<string[]> {
    const remove = change.remove.map((g) => g.toLowerCase());
    const gone = remove.find((g) => !current.allowed_groups.includes(g));
    if (gone !== undefined) throw new MissingReferenceError('group association', gone);
    const added = await this.existingGroups(change.add);
    const kept = current.allowed_groups.filter((g) => !remove.includes(g));
    return [...new Set([...kept, ...added])];
  }

  /** The ids (lowercased) when every one names a group; else a missing-reference error. */
  private async existingGroups(ids: string[]): Promise<string[]> {
    const wanted = [...new Set(ids.map((g) => g.toLowerCase()))];
    if (wanted.length === 0) return [];
    const found = await this.store.db
      .collection<GroupDoc>('groups')
      .find({ _id: { $in: wanted } }, { ...this.opts, projection: { _id: 1 } })
      .toArray();
    const have = new Set(found.map((g) => g._id));
    const missing = wanted.find((g) => !have.has(g));
    if (missing !== undefined) throw new MissingReferenceError('group', missing);
    return wanted;
  }

  /**
   * The groups of many registries in one query: every group matching the filter when any of
   * them is global, else those associated with one of them; in the list's order.
   */
  async groupsOf(
    registries: readonly Pick<ContainerRegistryDoc, 'is_global' | 'allowed_groups'>[],
    list: ListText,
    fields: FieldMap,
  ): Promise<GroupDoc[]> {
    const client = list.filter ? compileFilter(list.filter, fields) : {};
    const anyGlobal = registries.some((r) => r.is_global === true);
    const ids = [...new Set(registries.flatMap((r) => r.allowed_groups))];
    const filter = anyGlobal ? client : { $and: [client, { _id: { $in: ids } }] };
    return this.store.db
      .collection<GroupDoc>('groups')
      .find(filter, this.opts)
      .sort(listSort(list.order, fields, '+name'))
      .toArray();
  }
}
