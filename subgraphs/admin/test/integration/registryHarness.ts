import type { ContainerRegistryDoc } from '../../src/data/containerRegistries';
import { gid, referenceSort, type Role, V2Harness } from './v2harness';

export const SUPERADMIN_REQUIRED = 'Forbidden operation. (superadmin privilege required)';
export const PASSWORD = 'registry-pass-5b1f';

export type Conn = {
  count: number;
  pageInfo: Record<string, unknown>;
  edges: { cursor: string; node: { registry_name: string } }[];
};

/** The seeded stack plus twelve registries reg-00…reg-11 (even ones with a password). */
export class RegistryHarness extends V2Harness {
  all: ContainerRegistryDoc[] = [];

  override async start(users = 20): Promise<void> {
    await super.start(users);
    const repo = this.seeded.repos.containerRegistries;
    for (let i = 0; i < 12; i++) {
      await repo.create({
        url: `https://reg-${i}.example.com`,
        type: i % 3 === 0 ? 'gitlab' : 'docker',
        registry_name: `reg-${String(i).padStart(2, '0')}`,
        project: `team${i % 2}`,
        username: i % 2 === 0 ? `robot${i}` : null,
        password: i % 2 === 0 ? PASSWORD : null,
        ssl_verify: i % 4 !== 1,
        is_global: i % 3 !== 2,
        extra: i === 4 ? { note: 'four' } : null,
      });
    }
    this.all = referenceSort(await repo.all(), [['_id', 1]]);
  }

  byName(n: string): ContainerRegistryDoc {
    return this.all.find((r) => r.registry_name === n) as ContainerRegistryDoc;
  }

  nodes(vars: Record<string, unknown>, role: Role = 'superadmin') {
    return this.run(role, this.document('container_registry_nodes'), vars);
  }

  async conn(vars: Record<string, unknown>): Promise<Conn> {
    return (await this.nodes(vars)).data?.container_registry_nodes as Conn;
  }
}

/** A registry as ContainerRegistryNode answers it to a superadmin. */
export const nodeOf = (r: ContainerRegistryDoc) => ({
  id: gid('ContainerRegistryNode', r._id),
  row_id: r._id,
  name: null,
  url: r.url,
  type: r.type,
  registry_name: r.registry_name,
  is_global: r.is_global,
  project: r.project,
  username: r.username,
  password: r.password_sealed === null ? null : '*****',
  ssl_verify: r.ssl_verify,
  extra: r.extra,
});

export const names = (c: Conn) => c.edges.map((e) => e.node.registry_name);
