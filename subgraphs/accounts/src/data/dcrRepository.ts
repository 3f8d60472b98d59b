import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { ListingConfig } from '../config';
import { notSupported } from '../errors';
import { Cursors } from './cursor';
import {
  countRange,
  type IndexRange,
  idsOf,
  type Order,
  pageFromIndex,
  pageInMemory,
  allInRange,
} from './listing';
import { idOfMember, keySegment, member, padTime, uniqueKey } from './normalize';
import { defineScripts } from './redis';
import type { IdPage, SortBy } from './accountSearch';

export type ClientStatus = 'active' | 'inactive' | 'revoked';

/** A DCR client as stored; field names are the RFC 7591 ones. The secret hash lives beside it. */
export interface ClientRecord {
  client_id: string;
  client_id_issued_at: number;
  scope: string;
  grant_types: string[];
  redirect_uris: string[];
  response_types: string[];
  token_endpoint_auth_methods: string[];
  subject_type: 'public' | 'pairwise';
  status: ClientStatus;
  authenticated_user?: string;
  template_client?: string;
  createdMs: number;
  lastModifiedMs: number;
  [field: string]: unknown;
}

export interface ClientListQuery {
  templateClient?: string;
  userName?: string;
  activeOnly: boolean;
  first: number;
  after?: string;
  sort?: { by?: SortBy; order: Order };
}

type Family = 'created' | 'user' | 'tpl' | 'ut';
const FAMILIES: Family[] = ['created', 'user', 'tpl', 'ut'];
const NONE = '-'; // never a hex segment

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex'); // 256-bit random secrets: a fast hash suffices
}

/** DCR clients in Redis: one hash each, created-ordered lex indexes per user, template, and both. */
export class DcrRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cursors: Cursors,
    private readonly config: ListingConfig,
  ) {
    if (typeof (redis as Partial<Redis>).entityWrite !== 'function') defineScripts(redis);
  }

  private clientKey(id: string): string {
    return `${this.prefix}dcr:c:${keySegment(id)}`;
  }

  private index(family: Family, active: boolean, user?: string, tpl?: string): string {
    const u = user ? keySegment(uniqueKey(user)) : NONE;
    const t = tpl ? keySegment(tpl) : NONE;
    const scope = { created: '', user: `:${u}`, tpl: `:${t}`, ut: `:${u}:${t}` }[family];
    return `${this.prefix}dcr:ix:${active ? 'act' : 'all'}:${family}${scope}`;
  }

  private writeKeys(c: ClientRecord): string[] {
    const z = [false, true].flatMap((act) =>
      FAMILIES.map((f) => this.index(f, act, c.authenticated_user, c.template_client)),
    );
    return [this.clientKey(c.client_id), ...z];
  }

  private async write(
    mode: 'create' | 'update',
    c: ClientRecord,
    ver: string,
    sh: string,
  ): Promise<string> {
    const m = padTime(c.createdMs); // entityWrite appends NUL + client_id
    const z = (c.status === 'active' ? [0, 4] : [0]).flatMap((off) =>
      FAMILIES.map((_, i) => [2 + off + i, m]),
    );
    const ix = JSON.stringify({ u: [], z });
    const keys = this.writeKeys(c);
    const fields = [
      'doc',
      JSON.stringify(c),
      'ix',
      ix,
      'ver',
      String(Number(ver || '0') + 1),
      'sh',
      sh,
      'mms',
      padTime(c.lastModifiedMs),
    ];
    const [res] = await this.redis.entityWrite(
      keys.length,
      ...keys,
      mode,
      c.client_id,
      ver,
      ix,
      ...fields,
    );
    return res;
  }

  async create(c: ClientRecord, secret: string | undefined): Promise<void> {
    const res = await this.write('create', c, '', secret ? secretHash(secret) : '');
    if (res !== 'ok') throw new Error(`client id collision (${res})`);
  }

  async byIds(ids: readonly string[]): Promise<(ClientRecord | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.clientKey(id), 'doc');
    return ((await pipe.exec()) ?? []).map(([err, doc]) =>
      err || !doc ? null : (JSON.parse(doc as string) as ClientRecord),
    );
  }

  /** Changes the status atomically (moving the client in or out of the active indexes); null if absent. */
  async setStatus(id: string, status: ClientStatus): Promise<ClientRecord | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const [doc, ver, sh] = await this.redis.hmget(this.clientKey(id), 'doc', 'ver', 'sh');
      if (!doc || !ver) return null;
      const c = { ...(JSON.parse(doc) as ClientRecord), status, lastModifiedMs: Date.now() };
      const res = await this.write('update', c, ver, sh ?? '');
      if (res === 'ok') return c;
      if (res === 'missing') return null;
    }
    throw new Error('too much write contention');
  }

  /** Newest client ids of each user (all statuses), one pipeline for many users. */
  async idsByUsers(userNames: readonly string[], limit: number): Promise<string[][]> {
    const pipe = this.redis.pipeline();
    for (const u of userNames)
      pipe.zrevrangebylex(this.index('user', false, u), '+', '-', 'LIMIT', 0, limit);
    return ((await pipe.exec()) ?? []).map(([, rows]) =>
      ((rows as string[] | null) ?? []).map(idOfMember),
    );
  }

  async list(q: ClientListQuery): Promise<IdPage> {
    const family: Family =
      q.userName && q.templateClient
        ? 'ut'
        : q.userName
          ? 'user'
          : q.templateClient
            ? 'tpl'
            : 'created';
    const range: IndexRange = {
      key: this.index(family, q.activeOnly, q.userName, q.templateClient),
    };
    const order = q.sort?.order ?? 'ASC';
    const shape = Cursors.shape([
      'dcr',
      family,
      q.activeOnly,
      q.userName ?? null,
      q.templateClient ?? null,
      q.sort ?? null,
    ]);
    const afterKey = q.after ? this.cursors.decode(q.after, shape) : undefined;
    const totalCount = await countRange(this.redis, range);
    const byIndex = !q.sort?.by || q.sort.by === 'created';
    const page = byIndex
      ? await pageFromIndex(this.redis, range, order, afterKey, q.first)
      : await this.sortInMemory(range, totalCount, q.sort?.by ?? 'name', order, afterKey, q.first);
    const [firstKey, last] = [page.members[0], page.members[page.members.length - 1]];
    return {
      ids: idsOf(page),
      totalCount,
      hasNextPage: page.hasNext,
      endCursor: page.hasNext && last ? this.cursors.encode(shape, last) : null,
      hasPreviousPage: page.hasPrevious,
      startCursor: firstKey ? this.cursors.encode(shape, firstKey) : null,
    };
  }

  private async sortInMemory(
    range: IndexRange,
    count: number,
    by: SortBy,
    order: Order,
    afterKey: string | undefined,
    first: number,
  ) {
    if (count > this.config.maxInMemorySort) throw notSupported('SORTING');
    const ids = (await allInRange(this.redis, range)).map(idOfMember);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.clientKey(id), 'mms');
    const mms = ((await pipe.exec()) ?? []).map(([, v]) => (typeof v === 'string' ? v : ''));
    const keys = ids.map((id, i) => member(by === 'name' ? id : (mms[i] ?? ''), id));
    return pageInMemory(keys, order, afterKey, first);
  }
}
