import { randomUUID } from 'node:crypto';
import {
  type ContextUser,
  INTERNAL_AUTH_HEADER,
  INTERNAL_KEYPAIR_ROUTE,
  keypairLookupBinding,
  mintContext,
  requestHeaders,
  secretKey,
} from '@fedmgmt/service-kit';

/** A keypair as the admin subgraph's internal route returns it. */
export interface KeypairRecord {
  access_key: string;
  secret_key: string;
  is_active: boolean;
  is_admin: boolean;
  rate_limit: number;
  allowed_client_ip: string[] | null;
  user: { uuid: string; email: string; role: ContextUser['role']; domain: string };
}

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
}

/**
 * Keeps keypairs in memory so a steady-state request needs no network hop. Entries live
 * `ttlMs` (a backstop); pub/sub invalidation evicts them as soon as the admin side changes one.
 * Concurrent misses for one key share a single lookup. Unknown keys are cached briefly so
 * a flood of random access keys cannot turn into a flood of lookups.
 */
export function cachedKeypairSource(inner: KeypairSource, ttlMs: number, negativeTtlMs: number, maxEntries = 50_000): CachedKeypairSource {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<KeypairRecord | undefined>>();
  let generation = 0;
  const load = (accessKey: string): Promise<KeypairRecord | undefined> => {
    const started = generation;
    const p = inner
      .get(accessKey)
      .then((value) => {
        if (started === generation) {
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
          entries.set(accessKey, { value, expiresAt: Date.now() + (value ? ttlMs : negativeTtlMs) });
        }
        return value;
      })
      .finally(() => pending.delete(accessKey));
    pending.set(accessKey, p);
    return p;
  };
  return {
    get(accessKey) {
      const hit = entries.get(accessKey);
      if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit.value);
      return pending.get(accessKey) ?? load(accessKey);
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
