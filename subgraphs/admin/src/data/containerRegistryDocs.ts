import type { RegistryType } from '../containerRegistryRules';
import { compileOrder, type FieldMap } from '../minilang/compile';
import type { IndexSpec } from './baseRepository';
import { Listing } from './listing';

/** A row of `container_registries` (Backend.AI's container_registries table). */
export interface ContainerRegistryDoc {
  _id: string; // uuid
  url: string;
  registry_name: string;
  type: RegistryType;
  project: string | null;
  username: string | null;
  /** AES-256-GCM sealed (SecretBox, associated data `container_registry:<id>`); never served. */
  password_sealed: string | null;
  ssl_verify: boolean | null;
  is_global: boolean | null;
  /** JSON text, so client keys never become MongoDB field names. */
  extra: string | null;
  /** Ids of the groups associated with a non-global registry. */
  allowed_groups: string[];
}

/** Settings as the API takes them: `password` in clear, `extra` as a parsed JSON value. */
export interface RegistrySettings {
  url: string;
  type: RegistryType;
  registry_name: string;
  project: string | null;
  username: string | null;
  password: string | null;
  ssl_verify: boolean | null;
  is_global: boolean | null;
  extra: unknown;
}

/** A change: omitted keys stay; `password: undefined` keeps the stored one. */
export type RegistryChange = Partial<RegistrySettings> & {
  allowedGroups?: { add: string[]; remove: string[] };
};

const f = (path: string, type: FieldMap[string]['type']) => ({ path, type });

/** container_registry_nodes `filter`/`order` fields; each path leads an index below. */
export const CONTAINER_REGISTRY_FIELDS: FieldMap = {
  row_id: f('_id', 'uuid'),
  registry_name: f('registry_name', 'string'),
  url: f('url', 'string'),
  type: f('type', 'string'),
  project: f('project', 'string'),
  is_global: f('is_global', 'boolean'),
  ssl_verify: f('ssl_verify', 'boolean'),
};

const withId = (field: string): IndexSpec => ({ keys: { [field]: 1, _id: 1 }, name: field });
export const CONTAINER_REGISTRY_INDEXES: IndexSpec[] = [
  {
    keys: { registry_name: 1, project: 1 },
    name: 'registry_name_project_unique',
    unique: true,
    field: 'registry_name, project',
  },
  ...['registry_name', 'url', 'type', 'project', 'is_global', 'ssl_verify'].map(withId),
];

/** One page of a listing: where it starts in the whole result, and the whole result's size. */
export interface RegistryPage {
  docs: ContainerRegistryDoc[];
  start: number;
  total: number;
}

export interface ListText {
  filter?: string | null | undefined;
  order?: string | null | undefined;
}

/** The sort a list asks for: null means `fallback`, an empty string no order (then `_id`). */
export function listSort(order: string | null | undefined, fields: FieldMap, fallback: string) {
  return Listing.stableSort(compileOrder(order ?? fallback, fields));
}
