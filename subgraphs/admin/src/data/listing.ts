import type { Document } from 'mongodb';
import { BaseRepository, type IndexSpec } from './baseRepository';
import type { MongoStore } from './mongo';
import type { SecretBox } from './secretBox';
import { PositionCursors } from './positionCursors';

export type SortPairs = [string, 1 | -1][];

/** A slice of an ordered result: `skip` items in, at most `take` items (take may be 0). */
export interface Slice {
  skip: number;
  take: number;
}

export interface Counted<T> {
  items: T[];
  total: number;
}

/**
 * Read-only connection pages for the Relay and V2 fields: one find and one count per page,
 * whatever the page size. The sort always ends with `_id` in the direction of the last key,
 * so equal keys keep a stable order and a `{key, _id}` index serves the sort.
 */
export class Listing {
  constructor(
    private readonly store: MongoStore,
    readonly cursors: PositionCursors,
  ) {}

  static stableSort(sort: SortPairs): SortPairs {
    if (sort.some(([k]) => k === '_id')) return sort;
    const last = sort[sort.length - 1]?.[1] ?? 1;
    return [...sort, ['_id', last]];
  }

  async count(collection: string, filter: Document): Promise<number> {
    return this.store.db
      .collection(collection)
      .countDocuments(filter, { maxTimeMS: this.store.maxTimeMS });
  }

  /** Every match in order (nested connections page these in memory, one query per batch). */
  async all<T>(collection: string, filter: Document, sort: SortPairs): Promise<T[]> {
    const docs = await this.store.db
      .collection(collection)
      .find(filter, { maxTimeMS: this.store.maxTimeMS })
      .sort(Listing.stableSort(sort))
      .toArray();
    return docs as unknown as T[];
  }

  async slice<T>(
    collection: string,
    filter: Document,
    sort: SortPairs,
    slice: Slice,
  ): Promise<T[]> {
    if (slice.take <= 0) return [];
    const docs = await this.store.db
      .collection(collection)
      .find(filter, { maxTimeMS: this.store.maxTimeMS })
      .sort(Listing.stableSort(sort))
      .skip(slice.skip)
      .limit(slice.take)
      .toArray();
    return docs as unknown as T[];
  }
}

const idx = (keys: Record<string, 1 | -1>): IndexSpec => ({
  keys,
  name: `v2_${Object.entries(keys)
    .map(([k, d]) => `${k}_${d}`)
    .join('_')}`,
});
const withId = (field: string) => idx({ [field]: 1, _id: 1 });

/**
 * Indexes the Relay/V2 filters and orders need beyond the legacy ones: every filter path leads
 * an index, and every order key has a `{key, _id}` index for the stable sort.
 */
export const LISTING_INDEXES: Record<string, IndexSpec[]> = {
  users: [
    withId('created_at'),
    withId('modified_at'),
    withId('status'),
    withId('domain_name'),
    idx({ description: 1 }),
    idx({ status_info: 1 }),
  ],
  groups: [
    withId('created_at'),
    withId('modified_at'),
    withId('name'),
    withId('domain_name'),
    withId('is_active'),
    withId('type'),
    idx({ description: 1 }),
    idx({ resource_policy: 1 }),
    idx({ integration_id: 1 }),
  ],
  keypairs: [withId('created_at'), withId('is_active'), withId('resource_policy')],
  keypair_resource_policies: [
    'created_at',
    'max_session_lifetime',
    'max_concurrent_sessions',
    'max_containers_per_session',
    'idle_timeout',
    'max_concurrent_sftp_sessions',
    'max_pending_session_count',
  ].map(withId),
  user_resource_policies: [
    'created_at',
    'max_vfolder_count',
    'max_quota_scope_size',
    'max_session_count_per_model_session',
    'max_customized_image_count',
  ].map(withId),
  project_resource_policies: ['created_at', 'max_vfolder_count', 'max_quota_scope_size'].map(
    withId,
  ),
  resource_presets: [idx({ scaling_group_name: 1 })],
  images: [
    withId('ref'),
    idx({ name: 1 }),
    idx({ humanized_name: 1 }),
    idx({ tag: 1 }),
    idx({ architecture: 1 }),
    idx({ is_local: 1 }),
    idx({ digest: 1 }),
    idx({ size_bytes: 1 }),
    idx({ installed: 1 }),
    idx({ status: 1 }),
  ],
  agents: [
    withId('status'),
    withId('first_contact'),
    withId('scaling_group'),
    withId('schedulable'),
  ],
  scaling_groups: [
    withId('created_at'),
    withId('is_active'),
    idx({ description: 1 }),
    idx({ is_public: 1 }),
  ],
  sessions: [withId('created_at'), withId('terminated_at'), withId('status'), withId('name')],
  domains: [
    withId('created_at'),
    withId('modified_at'),
    withId('is_active'),
    idx({ description: 1 }),
    idx({ integration_id: 1 }),
  ],
};

/** The listing reader plus one index holder per collection (picked up by ensureAllIndexes). */
export function listingRepositories(store: MongoStore, box: SecretBox) {
  const holder = (name: string) =>
    new BaseRepository<{ _id: string }>(store, name, LISTING_INDEXES[name] ?? []);
  return {
    listing: new Listing(store, new PositionCursors(box.derive('fedmgmt/admin/cursor/v1'))),
    usersListingIndexes: holder('users'),
    groupsListingIndexes: holder('groups'),
    domainsListingIndexes: holder('domains'),
    keypairsListingIndexes: holder('keypairs'),
    keypairPoliciesListingIndexes: holder('keypair_resource_policies'),
    userPoliciesListingIndexes: holder('user_resource_policies'),
    projectPoliciesListingIndexes: holder('project_resource_policies'),
    presetsListingIndexes: holder('resource_presets'),
    imagesListingIndexes: holder('images'),
    agentsListingIndexes: holder('agents'),
    scalingGroupsListingIndexes: holder('scaling_groups'),
    sessionsListingIndexes: holder('sessions'),
  };
}
