import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import { MongoClient } from 'mongodb';
import type { AdminContext } from '../../src/context';
import type { MongoStore } from '../../src/data/mongo';
import { CONTAINER_REGISTRY_FIELDS } from '../../src/data/containerRegistryDocs';
import { createRepositories, ensureIndexes } from '../../src/server';
import type { FieldMap } from '../../src/minilang/compile';
import { DOMAIN_NODE_FIELDS, GROUP_NODE_FIELDS } from '../../src/resolvers/relay/fields';
import { DOMAIN_V2_ORDER, domainV2Rules } from '../../src/resolvers/v2/domains';
import type { FilterRules } from '../../src/resolvers/v2/filters';
import { PROJECT_V2_ORDER, projectV2Rules } from '../../src/resolvers/v2/projects';
import { IMAGE_NODE_FIELDS } from '../../src/resolvers/relay/images';
import { AGENT_V2_ORDER, AGENT_V2_RULES } from '../../src/resolvers/v2/agents';
import { IMAGE_V2_ORDER, IMAGE_V2_RULES } from '../../src/resolvers/v2/images';
import { KEYPAIR_V2_ORDER, KEYPAIR_V2_RULES } from '../../src/resolvers/v2/keypairs';
import { POLICY_KINDS } from '../../src/resolvers/v2/policies';
import { PRESET_V2_ORDER, PRESET_V2_RULES } from '../../src/resolvers/v2/presets';
import { RESOURCE_GROUP_ORDER, RESOURCE_GROUP_RULES } from '../../src/resolvers/v2/resourceGroups';
import {
  SESSION_V2_NESTED_PATHS,
  SESSION_V2_ORDER,
  SESSION_V2_RULES,
} from '../../src/resolvers/v2/sessions';
import { USER_V2_ORDER, userV2Rules } from '../../src/resolvers/v2/users';

const ctx = {} as AdminContext; // the rules only touch the context inside nested lookups
const rulePaths = (r: FilterRules) =>
  Object.values(r).flatMap((x) => ('path' in x ? [x.path] : []));
const mapPaths = (m: FieldMap) => Object.values(m).map((f) => f.path);

describe('indexes behind the Relay and V2 filters and orders', () => {
  let mongo: Embedded;
  let client: MongoClient;
  const indexes: Record<string, { key: Record<string, number>; unique?: boolean }[]> = {};

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = new MongoClient(mongo.url, { serverSelectionTimeoutMS: 3000 });
    await client.connect();
    const db = client.db('listing_indexes');
    const store: MongoStore = {
      client,
      db,
      maxTimeMS: 5000,
      ping: async () => true,
      transaction: async () => {
        throw new Error('unused');
      },
      write: (fn) => fn(),
      close: async () => undefined,
    };
    await ensureIndexes(createRepositories(store, { secretEncryptionKey: Buffer.alloc(32, 3) }));
    for (const c of [
      'users',
      'groups',
      'domains',
      'keypairs',
      'keypair_resource_policies',
      'user_resource_policies',
      'project_resource_policies',
      'resource_presets',
      'images',
      'agents',
      'scaling_groups',
      'sessions',
      'container_registries',
    ])
      indexes[c] = (await db.collection(c).listIndexes().toArray()) as never;
  });
  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
  });

  it.each([
    ['users', [...rulePaths(userV2Rules(ctx)), ...Object.values(USER_V2_ORDER)]],
    [
      'groups',
      [
        ...rulePaths(projectV2Rules(ctx)),
        ...Object.values(PROJECT_V2_ORDER),
        ...mapPaths(GROUP_NODE_FIELDS),
      ],
    ],
    [
      'domains',
      [
        ...rulePaths(domainV2Rules(ctx)),
        ...Object.values(DOMAIN_V2_ORDER),
        ...mapPaths(DOMAIN_NODE_FIELDS),
      ],
    ],
    ['keypairs', [...rulePaths(KEYPAIR_V2_RULES), ...Object.values(KEYPAIR_V2_ORDER)]],
    ...Object.values(POLICY_KINDS).map((k) => [
      k.collection,
      [...rulePaths(k.rules(ctx)), ...Object.values(k.order)],
    ]),
    ['resource_presets', [...rulePaths(PRESET_V2_RULES), ...Object.values(PRESET_V2_ORDER)]],
    [
      'scaling_groups',
      [...rulePaths(RESOURCE_GROUP_RULES), ...Object.values(RESOURCE_GROUP_ORDER)],
    ],
    ['agents', [...rulePaths(AGENT_V2_RULES), ...Object.values(AGENT_V2_ORDER)]],
    [
      'sessions',
      [
        ...rulePaths(SESSION_V2_RULES),
        ...SESSION_V2_NESTED_PATHS,
        ...Object.values(SESSION_V2_ORDER),
      ],
    ],
    [
      'images',
      [
        ...rulePaths(IMAGE_V2_RULES),
        'status',
        'aliases',
        ...Object.values(IMAGE_V2_ORDER),
        ...mapPaths(IMAGE_NODE_FIELDS),
      ],
    ],
    ['container_registries', mapPaths(CONTAINER_REGISTRY_FIELDS)],
  ] as [string, string[]][])(
    'every filter and order path of %s leads an index',
    (collection, paths) => {
      const leading = new Set((indexes[collection] ?? []).map((i) => Object.keys(i.key)[0]));
      expect(paths.length).toBeGreaterThan(1);
      expect([...new Set(paths)].filter((p) => !leading.has(p))).toEqual([]);
    },
  );

  it.each([
    ['users', USER_V2_ORDER],
    ['groups', PROJECT_V2_ORDER],
    ['domains', DOMAIN_V2_ORDER],
    ['keypairs', KEYPAIR_V2_ORDER],
    ['images', IMAGE_V2_ORDER],
    ['agents', AGENT_V2_ORDER],
    ['sessions', SESSION_V2_ORDER],
    ['scaling_groups', RESOURCE_GROUP_ORDER],
    ...Object.values(POLICY_KINDS).map((k) => [k.collection, k.order]),
    [
      'container_registries',
      Object.fromEntries(Object.entries(CONTAINER_REGISTRY_FIELDS).map(([k, f]) => [k, f.path])),
    ],
  ] as [string, Record<string, string>][])(
    'every V2 order key of %s has a {key, _id} or unique index for the stable sort',
    (collection, order) => {
      const list = indexes[collection] ?? [];
      const served = (p: string) =>
        p === '_id' ||
        list.some((i) => {
          const keys = Object.keys(i.key);
          return (
            (keys.length === 2 && keys[0] === p && keys[1] === '_id') ||
            (i.unique && keys.length === 1 && keys[0] === p)
          );
        });
      expect(Object.values(order).filter((p) => !served(p))).toEqual([]);
    },
  );
});
