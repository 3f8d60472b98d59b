import { randomUUID } from 'node:crypto';
import {
  INTERNAL_AUTH_HEADER,
  INTERNAL_KEYPAIR_ROUTE,
  type KeypairRecord,
  keypairLookupBinding,
  mintContext,
  requestHeaders,
  secretKey,
} from '@fedmgmt/service-kit';

/** A keypair as the admin subgraph's internal route returns it (the contract lives in service-kit). */
export type { KeypairRecord } from '@fedmgmt/service-kit';

/** Where keypairs come from. `undefined` means "no such access key". Throws when unreachable. */
export interface KeypairSource {
  get(accessKey: string): Promise<KeypairRecord | undefined>;
}

export interface HttpKeypairSourceOptions {
  adminOrigin: string;
  adminSecret: string;
  timeoutMs: number;
}

/** Reads keypairs from the admin subgraph over its internal route, with a service context bound to the lookup. */
export function httpKeypairSource(opts: HttpKeypairSourceOptions): KeypairSource {
  const key = secretKey(opts.adminSecret);
  return {
    async get(accessKey) {
      const token = await mintContext(
        { kind: 'service', requestId: randomUUID(), scopes: [], groups: [] },
        { audience: 'admin', key, body: keypairLookupBinding(accessKey) },
      );
      const path = INTERNAL_KEYPAIR_ROUTE.replace(':accessKey', encodeURIComponent(accessKey));
      const res = await fetch(new URL(path, opts.adminOrigin), {
        // The id and trace of the request that needed the keypair (a coalesced lookup: the first one's).
        headers: { [INTERNAL_AUTH_HEADER]: token, ...requestHeaders() },
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`keypair lookup answered ${res.status}`);
      }
      return (await res.json()) as KeypairRecord;
    },
  };
}

export interface CachedKeypairSource extends KeypairSource {
  invalidate(accessKey: string): void;
  clear(): void;
}

interface Entry {
  value: KeypairRecord | undefined;
  expiresAt: number;
  /** When the admin subgraph last confirmed this value. */
  verifiedAt: number;
  servedStale?: boolean;
}

export interface KeypairCacheOptions {
  /**
   * How long after its last verification a keypair may still be served while the admin
   * subgraph cannot be reached (KEYPAIR_STALE_MAX_MS; 0: never). Unknown keys are never served stale.
   */
  staleMaxMs?: number;
  /** Called once each time a keypair starts being served stale (for the log). */
  onStale?: (accessKey: string) => void;
  maxEntries?: number;
  /** After a failed lookup, stale entries are served without asking again for this long. */
  retryAfterMs?: number;
  /**
   * A lookup for a key that could be served stale waits this long for the admin subgraph;
   * then the stale value answers and the lookup refreshes the entry when it completes.
   */
  staleGraceMs?: number;
}

/**
 * Keeps keypairs in memory so a steady-state request needs no network hop. Entries live
 * `ttlMs` (a backstop); pub/sub invalidation evicts them as soon as the admin side changes one.
 * Concurrent misses for one key share a single lookup. Unknown keys are cached briefly so
 * a flood of random access keys cannot turn into a flood of lookups.
 *
 * When the admin subgraph is unreachable (the lookup throws), a keypair verified within
 * `staleMaxMs` is served from memory, so an admin-store outage does not lock keypair callers
 * out of the other subgraphs. An invalidation still evicts at once: a deactivated key is not served.
 */
export function cachedKeypairSource(
  inner: KeypairSource,
  ttlMs: number,
  negativeTtlMs: number,
  opts: KeypairCacheOptions = {},
): CachedKeypairSource {
  const { staleMaxMs = 0, maxEntries = 50_000, retryAfterMs = 1000, staleGraceMs = 250 } = opts;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<KeypairRecord | undefined>>();
  let generation = 0;
  let unreachableUntil = 0;
  const load = (accessKey: string): Promise<KeypairRecord | undefined> => {
    const started = generation;
    const p = inner
      .get(accessKey)
      .then(
        (value) => {
          if (started === generation) {
            entries.delete(accessKey);
            if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
            const now = Date.now();
            entries.set(accessKey, {
              value,
              expiresAt: now + (value ? ttlMs : negativeTtlMs),
              verifiedAt: now,
            });
          }
          return value;
        },
        (err: unknown) => {
          unreachableUntil = Date.now() + retryAfterMs;
          throw err;
        },
      )
      .finally(() => pending.delete(accessKey));
    pending.set(accessKey, p);
    return p;
  };
  const stale = (accessKey: string): KeypairRecord | undefined => {
    const hit = entries.get(accessKey);
    if (!hit?.value || Date.now() - hit.verifiedAt > staleMaxMs) return undefined;
    if (!hit.servedStale) opts.onStale?.(accessKey);
    hit.servedStale = true;
    return hit.value;
  };
  return {
    get(accessKey) {
      const hit = entries.get(accessKey);
      const now = Date.now();
      if (hit && hit.expiresAt > now) return Promise.resolve(hit.value);
      if (now < unreachableUntil) {
        const value = stale(accessKey);
        if (value) return Promise.resolve(value);
      }
      const lookup = (pending.get(accessKey) ?? load(accessKey)).catch((err: unknown) => {
        const value = stale(accessKey);
        if (value) return value;
        throw err;
      });
      if (!hit?.value || now - hit.verifiedAt > staleMaxMs) return lookup;
      // A slow admin subgraph must not hold the request for its whole timeout when a recently
      // verified value is at hand.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<KeypairRecord | undefined>((resolve) => {
        timer = setTimeout(() => resolve(stale(accessKey) ?? lookup), staleGraceMs);
      });
      return Promise.race([lookup, grace]).finally(() => clearTimeout(timer));
    },
    invalidate(accessKey) {
      // A lookup in flight may carry the old value: drop whatever it would store.
      generation += 1;
      entries.delete(accessKey);
      pending.delete(accessKey);
    },
    clear() {
      generation += 1;
      entries.clear();
      pending.clear();
    },
  };
}
