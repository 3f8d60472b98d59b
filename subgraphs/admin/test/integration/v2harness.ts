import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Caller } from '@fedmgmt/testkit';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import type { KeyPairDoc, UserDoc } from '../../src/data/documents';
import { FIXTURE } from '../../scripts/lib/fixtures';
import { type SeededStack, startSeededStack } from './seeded';

export type Role = 'superadmin' | 'admin' | 'monitor' | 'user';
export const ROLES: Role[] = ['superadmin', 'admin', 'monitor', 'user'];
export const EMAILS: Record<Role, string> = {
  superadmin: 'admin@lablup.com',
  admin: FIXTURE.adminEmail,
  monitor: FIXTURE.monitorEmail,
  user: FIXTURE.userEmail,
};

const FIXTURES = resolve(__dirname, '../fixtures/v2');
const SUPERGRAPH = resolve(__dirname, '../../../../gateway/supergraph.graphql');

export const CURSOR = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}$/;
export const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

export interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The seeded stack with one HMAC keypair caller per role, and the fixture documents. */
export class V2Harness {
  seeded!: SeededStack;
  users: UserDoc[] = [];
  private schema!: GraphQLSchema;
  private callers = new Map<Role, Caller>();

  async start(users = 40): Promise<void> {
    this.schema = buildApiSchema(readFileSync(SUPERGRAPH, 'utf8'));
    this.seeded = await startSeededStack(users);
    this.users = await this.seeded.repos.users.find({});
    for (const role of ROLES) {
      const u = this.user(role);
      const kp = (await this.seeded.repos.keypairs.findOne({
        _id: u.main_access_key as string,
      })) as KeyPairDoc;
      this.callers.set(
        role,
        role === 'superadmin'
          ? 'superadmin'
          : { accessKey: kp._id, secretKey: this.seeded.repos.keypairs.secretOf(kp) },
      );
    }
  }

  stop(): Promise<void> {
    return this.seeded?.stop() ?? Promise.resolve();
  }

  user(role: Role): UserDoc {
    return this.users.find((u) => u.email === EMAILS[role]) as UserDoc;
  }

  /** A fixture document, checked against the composed supergraph first. */
  document(name: string): string {
    const query = readFileSync(resolve(FIXTURES, `${name}.graphql`), 'utf8');
    const errors = validate(this.schema, parse(query)).map((e) => e.message);
    if (errors.length > 0)
      throw new Error(`${name}.graphql does not validate: ${errors.join('; ')}`);
    return query;
  }

  /** Runs a document through the gateway as `role`; always a 200 with a JSON body. */
  async run(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    const res = await this.seeded.stack.request({ query, variables }, this.callers.get(role));
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }
}

/** `{data: {field: null}, errors: [message]}`: the shape of a refused root field. */
export const refusedBody = (field: string, message: string) => ({
  data: { [field]: null },
  errors: [message],
});
export const summary = (b: Body) => ({ data: b.data, errors: b.errors?.map((e) => e.message) });

/** Reference order: keys in turn, then `_id` in the last key's direction (as the server does). */
export function referenceSort<T extends { _id: string }>(
  docs: T[],
  keys: [keyof T & string, 1 | -1][],
): T[] {
  const all: [string, 1 | -1][] = [...keys, ['_id', keys[keys.length - 1]?.[1] ?? 1]];
  const val = (d: T, k: string) => {
    const v = (d as Record<string, unknown>)[k];
    return v instanceof Date ? v.getTime() : v;
  };
  return [...docs].sort((a, b) => {
    for (const [k, dir] of all) {
      const x = val(a, k) as string | number | boolean;
      const y = val(b, k) as string | number | boolean;
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
}
