import { keySegment, padTime, phoneKey, reversed, uniqueKey } from './normalize';

export interface MultiValued {
  value: string;
  primary?: boolean | null;
  type?: string | null;
  display?: string | null;
}

export interface DeviceRecord {
  deviceId: string;
  externalId?: string | null;
  alias?: string | null;
  formFactor?: string | null;
  deviceType?: string | null;
  owner?: string | null;
  expiresAt?: number | null;
  createdMs: number;
  lastModifiedMs: number;
  webAuthnAuthenticator?: { name?: string; iconLightUri?: string; iconDarkUri?: string } | null;
}

export interface LinkedAccountRecord {
  value: string;
  domain: string;
  created: number;
}

/** One account as stored (JSON in the hash's `doc` field); SCIM attributes sit flat on it. */
export interface AccountRecord {
  id: string;
  userName: string;
  active: boolean;
  createdMs: number;
  lastModifiedMs: number;
  emails?: MultiValued[] | null;
  phoneNumbers?: MultiValued[] | null;
  devices?: DeviceRecord[] | null;
  linkedAccounts?: LinkedAccountRecord[] | null;
  mfaOptIn?: unknown;
  [attribute: string]: unknown;
}

/** The attributes of an account about to be created. */
export type NewAccount = {
  userName: string;
  active: boolean;
  id?: string;
  [attribute: string]: unknown;
};

/** A stored account with its write version and password hash (never leaves data/ and rules). */
export interface AccountRow {
  record: AccountRecord;
  ver: string;
  pw: string;
}

export type IndexName = 'created' | 'modified' | 'user' | 'userRev' | 'email' | 'emailRev';
const INDEXES: IndexName[] = ['created', 'modified', 'user', 'userRev', 'email', 'emailRev'];
/** KEYS positions in entityWrite: 1 hash, 2-4 unique hashes, then 12 indexes. */
export const UNIQUE_POSITION = { userName: 2, emails: 3, phoneNumbers: 4 } as const;

export function primaryOf(values: MultiValued[] | null | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  return (values.find((v) => v.primary) ?? values[0])?.value;
}

export class AccountKeys {
  constructor(private readonly prefix: string) {}

  account(id: string): string {
    return `${this.prefix}acct:${keySegment(id)}`;
  }

  unique(kind: keyof typeof UNIQUE_POSITION): string {
    return `${this.prefix}uq:${kind}`;
  }

  index(name: IndexName, activeOnly: boolean): string {
    return `${this.prefix}ix:${activeOnly ? 'act' : 'all'}:${name}`;
  }

  /** The fixed key list entityWrite receives for one account. */
  writeKeys(id: string): string[] {
    const z = [false, true].flatMap((act) => INDEXES.map((n) => this.index(n, act)));
    return [
      this.account(id),
      this.unique('userName'),
      this.unique('emails'),
      this.unique('phoneNumbers'),
      ...z,
    ];
  }
}

function indexPosition(name: IndexName, activeOnly: boolean): number {
  return 5 + (activeOnly ? INDEXES.length : 0) + INDEXES.indexOf(name);
}

/** Index entries of one account: unique keys and the members of every sorted-set index. */
export function indexEntries(r: AccountRecord): { u: [number, string][]; z: [number, string][] } {
  const u = new Map<string, [number, string]>();
  const add = (pos: number, key: string) => u.set(`${pos}:${key}`, [pos, key]);
  add(UNIQUE_POSITION.userName, uniqueKey(r.userName));
  for (const e of r.emails ?? []) add(UNIQUE_POSITION.emails, uniqueKey(e.value));
  for (const p of r.phoneNumbers ?? []) add(UNIQUE_POSITION.phoneNumbers, phoneKey(p.value));
  const sortValues: Partial<Record<IndexName, string>> = {
    created: padTime(r.createdMs),
    modified: padTime(r.lastModifiedMs),
    user: uniqueKey(r.userName),
    userRev: reversed(uniqueKey(r.userName)),
  };
  const email = primaryOf(r.emails);
  if (email !== undefined) {
    sortValues.email = uniqueKey(email);
    sortValues.emailRev = reversed(uniqueKey(email));
  }
  const z: [number, string][] = [];
  for (const act of r.active ? [false, true] : [false]) {
    for (const name of INDEXES) {
      const v = sortValues[name];
      if (v !== undefined) z.push([indexPosition(name, act), v]); // entityWrite appends NUL + id
    }
  }
  return { u: [...u.values()], z };
}

/** Hash fields: the document plus the sort values in-memory sorting reads. */
export function hashFields(r: AccountRecord, ix: string, ver: number, pw: string): string[] {
  return [
    'id',
    r.id,
    'doc',
    JSON.stringify(r),
    'ix',
    ix,
    'ver',
    String(ver),
    'pw',
    pw,
    'cms',
    padTime(r.createdMs),
    'mms',
    padTime(r.lastModifiedMs),
    'un',
    uniqueKey(r.userName),
  ];
}
