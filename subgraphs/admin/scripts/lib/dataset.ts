import { randomBytes } from 'node:crypto';
import type { GroupDoc, KeyPairDoc, RecordDoc, UserDoc } from '../../src/data/documents';
import { generateKeypair } from '../../src/data/keypairsRepository';
import type { Repositories } from '../../src/data/repositories';
import { hashPassword } from '../../src/passwords';
import {
  containerRegistries,
  FIXTURE,
  fixtureDomain,
  fixtureGroup,
  images,
  presets,
  scalingGroups,
} from './fixtures';
import { Rng } from './random';

export interface DatasetOptions {
  users: number;
  seed?: number;
  /** Called after each batch: (done, total) users. */
  onProgress?: (done: number, total: number) => void;
}

export interface DatasetSummary {
  skipped: boolean;
  counts: Record<string, number>;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Barbara',
  'Ken',
  'Margaret',
  'Dennis',
  'Frances',
  'John',
  'Hedy',
  'Edsger',
];
const LAST = [
  'Kim',
  'Lee',
  'Park',
  'Choi',
  'Jung',
  'Kang',
  'Cho',
  'Yoon',
  'Jang',
  'Lim',
  'Han',
  'Oh',
];
const STATUSES = [
  'RUNNING',
  'RUNNING',
  'PENDING',
  'TERMINATED',
  'TERMINATED',
  'ERROR',
  'CANCELLED',
];
const BATCH = 500;
const json = (v: unknown) => JSON.stringify(v);

/**
 * A realistic dataset for dev and tests: the spec's fixture rows, two more domains' worth of
 * users with keypairs and memberships, agents, sessions and containers. Skips itself when the
 * fixture user already exists, so running the seed twice changes nothing.
 */
export async function seedDataset(
  repos: Repositories,
  opts: DatasetOptions,
): Promise<DatasetSummary> {
  if (await repos.users.findOne({ email: FIXTURE.userEmail })) return { skipped: true, counts: {} };
  const rng = new Rng(opts.seed ?? 20240501);
  const counts: Record<string, number> = {};
  const add = async (name: keyof Repositories, docs: object[]) => {
    await (repos[name] as { insertMany(d: object[]): Promise<void> }).insertMany(docs);
    counts[name] = (counts[name] ?? 0) + docs.length;
  };
  for (const d of [fixtureDomain(FIXTURE.otherDomain, ['cr.backend.ai'])])
    if (!(await repos.domains.findOne({ _id: d._id }))) await add('domains', [d]);
  const groups = [
    fixtureGroup(FIXTURE.groupId, 'default', 'default'),
    fixtureGroup(rng.uuid(), 'vision', 'default'),
    fixtureGroup(rng.uuid(), 'nlp', FIXTURE.otherDomain),
  ];
  await add('groups', groups);
  await add('scalingGroups', scalingGroups());
  await add('sgroupAssocs', [
    { _id: 'domain:default/default', owner: 'domain:default', scaling_group: 'default' },
    {
      _id: `domain:${FIXTURE.otherDomain}/default`,
      owner: `domain:${FIXTURE.otherDomain}`,
      scaling_group: 'default',
    },
  ]);
  await add('presets', presets());
  await add('images', images(rng));
  const registries = repos.containerRegistries;
  await add(
    'containerRegistries',
    containerRegistries().map((r) => registries.sealedDoc(r.settings, r.groups, r.id)),
  );
  const agents = Array.from({ length: Math.max(4, Math.ceil(opts.users / 10)) }, (_, i) =>
    agentDoc(rng, i),
  );
  await add('agents', agents);
  const password = await hashPassword(randomBytes(12).toString('base64url'));
  for (let start = 0; start < opts.users; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, opts.users - start) }, (_, k) =>
      userDoc(rng, start + k, password),
    );
    const kps = batch.map((u) => keypairFor(repos, u));
    batch.forEach((u, k) => (u.main_access_key = kps[k]?._id ?? null));
    await add('users', batch);
    await add('keypairs', kps);
    await add(
      'members',
      batch.map((u, k) => membership(u, groupFor(rng, u, start + k, groups))),
    );
    // The fixture users always have a session, so owner-scoped tests have something to find.
    const sessions = batch.flatMap((u, k) =>
      Array.from({ length: Math.max(start + k < 3 ? 1 : 0, rng.int(0, 3)) }, () =>
        sessionDoc(rng, u, kps[k] as KeyPairDoc, agents, groups),
      ),
    );
    await add('sessions', sessions);
    await add(
      'containers',
      sessions.map((s) => containerDoc(rng, s)),
    );
    opts.onProgress?.(start + batch.length, opts.users);
  }
  return { skipped: false, counts };
}

function userDoc(rng: Rng, i: number, password: string): UserDoc {
  const fixed = [
    {
      _id: FIXTURE.userId,
      email: FIXTURE.userEmail,
      username: 'user',
      role: 'user' as const,
      domain_name: 'default',
    },
    {
      _id: rng.uuid(),
      email: FIXTURE.adminEmail,
      username: 'domain-admin',
      role: 'admin' as const,
      domain_name: 'default',
    },
    {
      _id: rng.uuid(),
      email: FIXTURE.monitorEmail,
      username: 'monitor',
      role: 'monitor' as const,
      domain_name: 'default',
    },
  ][i];
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const created = rng.date(new Date('2023-01-01T00:00:00Z'), new Date('2024-04-30T00:00:00Z'));
  const status = i > 3 && rng.next() < 0.1 ? 'inactive' : 'active';
  return {
    _id: rng.uuid(),
    email: `${first}.${last}${i}@lablup.com`.toLowerCase(),
    username: `${first}${last}${i}`.toLowerCase(),
    role: 'user',
    domain_name: i % 4 === 3 ? FIXTURE.otherDomain : 'default',
    ...fixed,
    password,
    need_password_change: false,
    full_name: `${first} ${last}`,
    description: '',
    is_active: status === 'active',
    status,
    status_info: status === 'active' ? null : 'admin-requested',
    resource_policy: 'default',
    allowed_client_ip: null,
    totp_activated: false,
    totp_activated_at: null,
    sudo_session_enabled: false,
    main_access_key: null,
    created_at: created,
    modified_at: created,
  };
}

function keypairFor(repos: Repositories, u: UserDoc): KeyPairDoc {
  const { accessKey, secretKey } = generateKeypair();
  return repos.keypairs.sealedDoc(
    {
      access_key: accessKey,
      secret_key: secretKey,
      user_id: u.email,
      user: u._id,
      domain_name: u.domain_name,
      is_active: u.is_active,
      is_admin: u.role !== 'user',
      resource_policy: 'default',
      rate_limit: 30_000,
    },
    u.created_at,
  );
}

/** The fixture users belong to the spec's fixture group; others to a group of their domain. */
function groupFor(rng: Rng, u: UserDoc, i: number, groups: GroupDoc[]): GroupDoc {
  if (i < 3) return groups[0] as GroupDoc;
  return u.domain_name === 'default' ? rng.pick(groups.slice(0, 2)) : (groups[2] as GroupDoc);
}

const membership = (u: UserDoc, g: GroupDoc) => ({
  _id: `${g._id}:${u._id}`,
  group_id: g._id,
  user_id: u._id,
});

function agentDoc(rng: Rng, i: number): RecordDoc {
  const gpu = i % 2 === 1;
  const first = rng.date(new Date('2023-06-01T00:00:00Z'), new Date('2024-04-01T00:00:00Z'));
  const status = i % 7 === 6 ? 'LOST' : 'ALIVE';
  return {
    _id: `i-agent-${String(i).padStart(3, '0')}`,
    status,
    status_changed: first,
    region: 'local',
    scaling_group: gpu ? 'gpu-cluster' : 'default',
    schedulable: i % 5 !== 4,
    available_slots: json({
      cpu: '32',
      mem: '137438953472',
      ...(gpu ? { 'cuda.shares': '4' } : {}),
    }),
    occupied_slots: json({ cpu: String(rng.int(0, 32)), mem: '8589934592' }),
    addr: `tcp://10.0.0.${i + 10}:6001`,
    architecture: 'x86_64',
    first_contact: first,
    lost_at: status === 'LOST' ? new Date('2024-04-20T00:00:00Z') : null,
    live_stat: json({}),
    version: '24.03.3',
    compute_plugins: json({ cpu: {}, mem: {} }),
    hardware_metadata: json({}),
    auto_terminate_abusing_kernel: false,
    local_config: json({}),
    container_count: rng.int(0, 20),
    mem_slots: 137438953472,
    cpu_slots: 32,
    gpu_slots: gpu ? 4 : 0,
    tpu_slots: 0,
  };
}

function sessionDoc(
  rng: Rng,
  u: UserDoc,
  kp: KeyPairDoc,
  agents: RecordDoc[],
  groups: GroupDoc[],
): RecordDoc {
  const created = rng.date(u.created_at, new Date('2024-05-01T00:00:00Z'));
  const status = rng.pick(STATUSES);
  const agent = rng.pick(agents);
  const group = groups.find((g) => g.domain_name === u.domain_name) as GroupDoc;
  const kind = rng.pick(['jupyter', 'train', 'notebook', 'batch']);
  return {
    _id: rng.uuid(),
    name: `${kind}-${rng.uuid().slice(0, 6)}`,
    type: kind === 'batch' ? 'BATCH' : 'INTERACTIVE',
    tag: null,
    image: 'cr.backend.ai/lablup/python:3.11-ubuntu22.04',
    architecture: 'x86_64',
    registry: 'cr.backend.ai',
    cluster_mode: 'single-node',
    cluster_size: 1,
    domain_name: u.domain_name,
    group_id: group._id,
    group_name: group.name,
    user_id: u._id,
    user_email: u.email,
    full_name: u.full_name,
    access_key: kp._id,
    status,
    status_changed: created,
    status_info: status === 'ERROR' ? 'failed-to-start' : null,
    status_data: json({}),
    status_history: json({ [status]: created.toISOString() }),
    created_at: created,
    terminated_at: status === 'TERMINATED' ? created : null,
    starts_at: null,
    scheduled_at: created,
    startup_command: null,
    result: status === 'TERMINATED' ? 'SUCCESS' : 'UNDEFINED',
    abusing_reports: [],
    idle_checks: json({}),
    agent_ids: [agent._id],
    scaling_group: agent.scaling_group,
    resource_opts: json({}),
    service_ports: json([]),
    mounts: [],
    vfolder_mounts: [],
    occupying_slots: json({ cpu: '1', mem: '2147483648' }),
    occupied_slots: json({ cpu: '1', mem: '2147483648' }),
    requested_slots: json({ cpu: '1', mem: '2147483648' }),
    num_queries: rng.int(0, 500),
  };
}

function containerDoc(rng: Rng, s: RecordDoc): RecordDoc {
  return {
    _id: rng.uuid(),
    session_id: s._id,
    idx: 0,
    role: 'main',
    hostname: 'main1',
    cluster_idx: 1,
    local_rank: 0,
    cluster_role: 'main',
    cluster_hostname: 'main1',
    image: s.image,
    architecture: 'x86_64',
    registry: 'cr.backend.ai',
    status: s.status,
    status_changed: s.status_changed,
    status_info: s.status_info,
    created_at: s.created_at,
    terminated_at: s.terminated_at,
    agent: (s.agent_ids as string[])[0],
    agent_addr: null,
    container_id: rng.uuid().replace(/-/g, ''),
    resource_opts: json({}),
    occupied_slots: s.occupied_slots,
    live_stat: json({}),
    last_stat: json({}),
    preopen_ports: [],
  };
}
