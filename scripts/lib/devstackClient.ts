import { DEV_SUPERADMIN } from '@fedmgmt/admin';
import { signRequest } from '@fedmgmt/gateway';

/** A mutation's common result fields (Backend.AI style). */
interface MutationResult {
  ok: boolean;
  msg: string;
}

/** The answer fields these scripts read; any other field is `unknown` until a caller narrows it. */
export interface GqlData {
  [field: string]: unknown;
  modify_user?: MutationResult | null;
  modify_group?: MutationResult | null;
  create_user?: (MutationResult & { user: { email: string; uuid: string } | null }) | null;
  create_group?: (MutationResult & { group: { id: string } | null }) | null;
  create_keypair?: (MutationResult & { keypair: { access_key: string } | null }) | null;
  user?: { email: string } | null;
  groups?: { id: string; name?: string }[] | null;
}

export interface GqlAnswer {
  status: number;
  data?: GqlData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL request to the gateway, HMAC-signed with the dev superadmin keypair (dev seed). */
export async function gql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 30_000,
): Promise<GqlAnswer> {
  const body = JSON.stringify({ query, variables });
  const headers = signRequest({
    accessKey: DEV_SUPERADMIN.accessKey,
    secretKey: DEV_SUPERADMIN.secretKey,
    method: 'POST',
    url,
    body,
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    try {
      return { status: res.status, ...(JSON.parse(text) as Omit<GqlAnswer, 'status'>) };
    } catch {
      return {
        status: res.status,
        errors: [{ message: `non-JSON answer: ${text.slice(0, 200)}` }],
      };
    }
  } catch (err) {
    return {
      status: 0,
      errors: [{ message: `no answer: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
}

/** A read that must not be mistaken for absence: retried while it answers errors (e.g. a query deadline under a write backlog). */
export async function read(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  attempts = 20,
): Promise<GqlAnswer> {
  let a = await gql(url, query, variables);
  for (let i = 1; i < attempts && (a.errors?.length || !a.data); i++) {
    await new Promise((r) => setTimeout(r, 500));
    a = await gql(url, query, variables);
  }
  if (a.errors?.length || !a.data)
    throw new Error(`read failed after ${attempts} attempts: ${JSON.stringify(a.errors)}`);
  return a;
}

/** `v`, or a thrown error naming `what`: for objects an `ok: true` answer must carry. */
export function need<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new Error(`${what} missing from an ok answer`);
  return v;
}

/** The error code of an answer (first error), or 'ok'. */
export function outcome(a: GqlAnswer): string {
  if (!a.errors?.length) return 'ok';
  return a.errors[0]?.extensions?.code ?? a.errors[0]?.message ?? 'error';
}

/** Counts of a mutation's answers: "success", else its `msg` or first error. */
export function tally(answers: GqlAnswer[], field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const r = a.data?.[field] as { ok?: boolean; msg?: string } | undefined;
    const key = r?.ok === true ? 'success' : (r?.msg ?? a.errors?.[0]?.message ?? 'no answer');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * Every item of a *_list query matching `filter`, page by page (the API caps a page at 100).
 * `T` is the shape `fields` selects; the caller names it (the answer is not validated).
 */
export async function listAll<T>(
  url: string,
  field: 'user_list' | 'keypair_list',
  filter: string,
  fields: string,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const q = `query($f: String) { ${field}(limit: 100, offset: ${items.length}, filter: $f) { total_count items { ${fields} } } }`;
    const a = await read(url, q, { f: filter });
    const page = a.data?.[field] as { total_count: number; items: T[] } | undefined;
    if (!page) throw new Error(`${field} failed: ${JSON.stringify(a.errors)}`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total_count) return items;
  }
}
