import type Redis from 'ioredis';
import { idOfMember } from './normalize';

/** A lexicographic range of one index: the whole set, or the members starting with `prefix`. */
export interface IndexRange {
  key: string;
  prefix?: string;
}

export type Order = 'ASC' | 'DESC';

export interface Page {
  /** Index members (or in-memory sort keys) of this page, in order. */
  members: string[];
  hasNext: boolean;
  /** Whether the range holds members before this page (only possible after a cursor). */
  hasPrevious: boolean;
}

const HIGH = Buffer.from([0xff]); // above every UTF-8 byte

function lower(range: IndexRange): Buffer | string {
  return range.prefix === undefined ? '-' : Buffer.from(`[${range.prefix}`, 'utf8');
}

function upper(range: IndexRange): Buffer | string {
  return range.prefix === undefined
    ? '+'
    : Buffer.concat([Buffer.from(`[${range.prefix}`, 'utf8'), HIGH]);
}

function after(key: string): Buffer {
  return Buffer.from(`(${key}`, 'utf8');
}

function upTo(key: string): Buffer {
  return Buffer.from(`[${key}`, 'utf8');
}

/** Whether any member of the range comes at or before `afterKey` in `order`: one LIMIT 1 lookup. */
async function anyBefore(
  redis: Redis,
  range: IndexRange,
  order: Order,
  afterKey: string | undefined,
): Promise<boolean> {
  if (afterKey === undefined) return false;
  const rows =
    order === 'ASC'
      ? await redis.zrevrangebylex(range.key, upTo(afterKey), lower(range), 'LIMIT', 0, 1)
      : await redis.zrangebylex(range.key, upTo(afterKey), upper(range), 'LIMIT', 0, 1);
  return rows.length > 0;
}

/** totalCount without counting client-side: ZCARD, or ZLEXCOUNT for a prefix. */
export async function countRange(redis: Redis, range: IndexRange): Promise<number> {
  if (range.prefix === undefined) return redis.zcard(range.key);
  return redis.zlexcount(range.key, lower(range), upper(range));
}

/** One page straight from the index: O(log N + first). */
export async function pageFromIndex(
  redis: Redis,
  range: IndexRange,
  order: Order,
  afterKey: string | undefined,
  first: number,
): Promise<Page> {
  const hasPrevious = await anyBefore(redis, range, order, afterKey);
  if (first === 0) return { members: [], hasNext: false, hasPrevious };
  const rows =
    order === 'ASC'
      ? await redis.zrangebylex(
          range.key,
          afterKey === undefined ? lower(range) : after(afterKey),
          upper(range),
          'LIMIT',
          0,
          first + 1,
        )
      : await redis.zrevrangebylex(
          range.key,
          afterKey === undefined ? upper(range) : after(afterKey),
          lower(range),
          'LIMIT',
          0,
          first + 1,
        );
  return { members: rows.slice(0, first), hasNext: rows.length > first, hasPrevious };
}

/** Every member of a range (callers bound it with countRange first). */
export async function allInRange(redis: Redis, range: IndexRange): Promise<string[]> {
  return redis.zrangebylex(range.key, lower(range), upper(range));
}

/**
 * Sorts a bounded set of ids by keys built from their hashes, then pages after `afterKey`.
 * Keys compare as UTF-8 bytes, exactly like the lex indexes.
 */
export function pageInMemory(
  sortKeys: string[],
  order: Order,
  afterKey: string | undefined,
  first: number,
): Page {
  const sign = order === 'ASC' ? 1 : -1;
  const buf = new Map(sortKeys.map((k) => [k, Buffer.from(k, 'utf8')]));
  const sorted = [...sortKeys].sort((a, b) => sign * Buffer.compare(buf.get(a)!, buf.get(b)!));
  const start =
    afterKey === undefined
      ? sorted
      : sorted.filter(
          (k) => sign * Buffer.compare(Buffer.from(k, 'utf8'), Buffer.from(afterKey, 'utf8')) > 0,
        );
  return {
    members: start.slice(0, first),
    hasNext: start.length > first,
    hasPrevious: start.length < sorted.length,
  };
}

export function idsOf(page: Page): string[] {
  return page.members.map(idOfMember);
}
