import type { DomainDoc, GroupDoc, RecordDoc } from '../../src/data/documents';
import type { RegistrySettings } from '../../src/data/containerRegistries';

/** Rows the client query documents in the spec refer to by name or id. */
export const FIXTURE = {
  groupId: '2de2b969-1d04-48a6-af16-0bc8adb3c831',
  userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
  userEmail: 'user@lablup.com',
  adminEmail: 'domain-admin@lablup.com',
  monitorEmail: 'monitor@lablup.com',
  otherDomain: 'lab-b',
} as const;

const json = (v: unknown) => JSON.stringify(v);
const T0 = new Date('2024-01-01T00:00:00Z');

export function fixtureDomain(name: string, registries: string[]): DomainDoc {
  return {
    _id: name,
    name,
    description: `The ${name} domain`,
    is_active: true,
    total_resource_slots: json({ cpu: '128', mem: '512g' }),
    allowed_vfolder_hosts: json({ 'local:volume1': ['create-vfolder', 'mount-in-session'] }),
    allowed_docker_registries: registries,
    integration_id: null,
    created_at: T0,
    modified_at: T0,
  };
}

export function fixtureGroup(id: string, name: string, domain: string): GroupDoc {
  return {
    _id: id,
    name,
    domain_name: domain,
    description: `${name} project`,
    is_active: true,
    type: 'GENERAL',
    total_resource_slots: json({}),
    allowed_vfolder_hosts: json({}),
    integration_id: null,
    resource_policy: 'default',
    container_registry: json({}),
    created_at: T0,
    modified_at: T0,
  };
}

export function scalingGroups(): RecordDoc[] {
  const base = {
    description: '',
    is_active: true,
    is_public: true,
    created_at: T0,
    wsproxy_addr: 'http://127.0.0.1:5050',
    wsproxy_api_token: null,
    driver: 'static',
    driver_opts: json({}),
    scheduler: 'fifo',
    scheduler_opts: json({}),
    use_host_network: false,
  };
  return [
    { ...base, _id: 'default', name: 'default', description: 'CPU nodes' },
    {
      ...base,
      _id: 'gpu-cluster',
      name: 'gpu-cluster',
      description: 'GPU nodes',
      scheduler: 'drf',
    },
  ];
}

export function presets(): RecordDoc[] {
  const p = (name: string, slots: Record<string, string>, shm: number) => ({
    _id: name,
    name,
    resource_slots: json(slots),
    shared_memory: shm,
    created_at: T0,
  });
  return [
    p('cpu01-small', { cpu: '1', mem: '2g' }, 64 * 2 ** 20),
    p('cpu04-medium', { cpu: '4', mem: '16g' }, 2 ** 30),
    p('gpu1-large', { cpu: '8', mem: '64g', 'cuda.shares': '1' }, 4 * 2 ** 30),
  ];
}

export function images(rng: { uuid(): string }): RecordDoc[] {
  const img = (name: string, tag: string, operation = false, arch = 'x86_64') => ({
    _id: rng.uuid(),
    name,
    humanized_name: name.split('/').pop(),
    tag,
    registry: 'cr.backend.ai',
    ref: `cr.backend.ai/${name}:${tag}`,
    architecture: arch,
    is_local: false,
    digest: `sha256:${name.length.toString(16).padStart(64, '0')}`,
    labels: [{ key: 'ai.backend.kernelspec', value: '1' }],
    aliases: [],
    size_bytes: 3_221_225_472,
    supported_accelerators: operation ? [] : ['cuda'],
    installed: true,
    installed_agents: ['i-agent-000'],
    resource_limits: [
      { key: 'cpu', min: '1', max: 'Infinity' },
      { key: 'mem', min: '1g', max: 'Infinity' },
    ],
    is_operation: operation,
    hash: null,
  });
  return [
    img('lablup/python', '3.9-ubuntu20.04'),
    img('lablup/python', '3.11-ubuntu22.04'),
    img('lablup/pytorch', '2.1-py311-cuda12.1'),
    img('lablup/tensorflow', '2.14-py311-cuda12.1'),
    img('lablup/python', '3.11-ubuntu22.04', false, 'aarch64'),
    img('lablup/backend.ai-filebrowser', '23.09', true),
  ];
}

/** Two registries (fixed ids: the dataset's random sequence stays as it was): the one every seeded image comes from (global), and a project-only one. */
export function containerRegistries(): {
  id: string;
  settings: RegistrySettings;
  groups: string[];
}[] {
  const base = { username: null, password: null, ssl_verify: true, extra: null };
  return [
    {
      id: '6c1f6a2e-3b7d-4c59-9a0e-0d3f4b8e1a01',
      settings: {
        ...base,
        registry_name: 'cr.backend.ai',
        url: 'https://cr.backend.ai',
        type: 'harbor2',
        project: 'lablup',
        is_global: true,
      },
      groups: [],
    },
    {
      id: '6c1f6a2e-3b7d-4c59-9a0e-0d3f4b8e1a02',
      settings: {
        ...base,
        registry_name: 'docker.io',
        url: 'https://registry-1.docker.io',
        type: 'docker',
        project: 'lablup',
        is_global: false,
      },
      groups: [FIXTURE.groupId],
    },
  ];
}
