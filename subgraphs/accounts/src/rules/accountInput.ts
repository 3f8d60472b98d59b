import type { AccountRecord, NewAccount } from '../data/accountModel';
import { badInput } from '../errors';

type Fields = Record<string, unknown>;

const LIST_LIMITS: Record<string, number> = {
  emails: 32,
  phoneNumbers: 32,
  ims: 32,
  photos: 32,
  addresses: 32,
  x509Certificates: 32,
  groups: 128,
  entitlements: 128,
  roles: 128,
};
const LONG_STRINGS = new Set(['formatted', 'display', 'streetAddress', 'x509Certificates']);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FIXED = new Set([
  'id',
  'createdMs',
  'lastModifiedMs',
  'devices',
  'linkedAccounts',
  'mfaOptIn',
]);

function checkString(value: string, path: string): void {
  const max = LONG_STRINGS.has(path.split('.').pop() ?? '') ? 2048 : 512;
  if (LONE_SURROGATE.test(value) || CONTROL.test(value))
    throw badInput(`${path} contains invalid characters`, path);
  if (value.length > max) throw badInput(`${path} must be at most ${max} characters`, path);
  if (path.endsWith('.value') && value.trim() === '')
    throw badInput(`${path} must not be empty`, path);
}

/** Sizes and characters of every input value, with the path of the first bad one. */
function checkValue(value: unknown, path: string): void {
  if (typeof value === 'string') return checkString(value, path);
  if (Array.isArray(value)) {
    const limit = LIST_LIMITS[path.split('.').pop() ?? ''] ?? 32;
    if (value.length > limit) throw badInput(`${path} may hold at most ${limit} values`, path);
    value.forEach((v, i) => checkValue(v, `${path}[${i}]`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkValue(v, `${path}.${k}`);
  }
}

export function checkUserName(userName: string): void {
  if (userName.trim().length === 0 || Array.from(userName).length > 128)
    throw badInput('userName must be 1 to 128 characters', 'userName');
  checkString(userName, 'userName');
}

/** Drops nulls inside list items and objects so the stored document only holds values. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, compact(v)]),
    ) as T;
  }
  return value;
}

/** The stored attributes of a new account (without the password). */
export function accountFromCreate(fields: Fields): NewAccount {
  const { password: _password, ...rest } = fields;
  // GraphQL types userName as String; anything else (or nothing) fails the length check.
  checkUserName(typeof rest.userName === 'string' ? rest.userName : '');
  checkValue(rest, 'fields');
  const attrs = compact(
    Object.fromEntries(Object.entries(rest).filter(([k, v]) => v !== null && !FIXED.has(k))),
  );
  return { ...attrs, userName: String(rest.userName), active: rest.active !== false };
}

function patchName(current: unknown, patch: Fields): Fields | undefined {
  const next: Fields = { ...((current as Fields | undefined) ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** Patch semantics: a value sets, an explicit null removes, an absent field stays. Lists are replaced. */
export function applyPatch(record: AccountRecord, fields: Fields): AccountRecord {
  checkValue(fields, 'fields');
  const next: AccountRecord = { ...record };
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'password' || FIXED.has(key)) continue;
    if (key === 'userName') {
      if (value === null) throw badInput('userName cannot be removed', 'userName');
      const userName = typeof value === 'string' ? value : '';
      checkUserName(userName);
      next.userName = userName;
    } else if (key === 'active') {
      next.active = value !== false;
    } else if (value === null) {
      delete next[key];
    } else if (key === 'name') {
      const name = patchName(record.name, value as Fields);
      if (name) next.name = name;
      else delete next.name;
    } else {
      next[key] = compact(value);
    }
  }
  return next;
}

const ARGUMENT_LIMITS = {
  accountId: 128,
  userName: 128,
  email: 512,
  phoneNumber: 64,
  deviceId: 128,
  clientId: 128,
  templateClient: 128,
  filter: 512,
} as const;

/** Sizes of lookup arguments (Curity's @Size bounds), checked before any store access. */
export function checkArgument(name: keyof typeof ARGUMENT_LIMITS, value: string): void {
  const max = ARGUMENT_LIMITS[name];
  if (value.length === 0 || value.length > max)
    throw badInput(`${name} must be 1 to ${max} characters`, name);
}
