import type { MultiValued } from '../data/accountModel';
import type { AccountRecord } from '../data/accountsRepository';
import type { AddressKind } from '../data/selfServiceStore';
import { phoneKey, uniqueKey } from '../data/normalize';
import { validationError } from './errors';

/** Email addresses and phone numbers, told apart only by their field, key and syntax. */
export interface AddressKindSpec {
  kind: AddressKind;
  field: 'emails' | 'phoneNumbers';
  channel: 'email' | 'sms';
  normalize: (value: string) => string;
  valid: (value: string) => boolean;
}

export const EMAIL: AddressKindSpec = {
  kind: 'email',
  field: 'emails',
  channel: 'email',
  normalize: uniqueKey,
  valid: (v) => v.length >= 3 && v.length <= 512 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
};

export const PHONE: AddressKindSpec = {
  kind: 'phone',
  field: 'phoneNumbers',
  channel: 'sms',
  normalize: phoneKey,
  valid: (v) =>
    v.length >= 3 &&
    v.length <= 64 &&
    /^\+?[0-9][0-9\s\-().]*$/.test(v) &&
    v.replace(/\D/g, '').length >= 3,
};

export function requireValid(spec: AddressKindSpec, value: string): string {
  const trimmed = value.trim();
  if (!spec.valid(trimmed))
    throw validationError(
      `The ${spec.kind === 'email' ? 'email address' : 'phone number'} is not valid`,
      'INVALID_ADDRESS',
    );
  return trimmed;
}

export function entries(account: AccountRecord, spec: AddressKindSpec): MultiValued[] {
  return account[spec.field] ?? [];
}

export function findEntry(
  account: AccountRecord,
  spec: AddressKindSpec,
  value: string,
): MultiValued | undefined {
  const key = spec.normalize(value);
  return entries(account, spec).find((e) => spec.normalize(e.value) === key);
}

/** Adds the address (primary when it is the first one); a known address is left as it is. */
export function withAddress(
  account: AccountRecord,
  spec: AddressKindSpec,
  value: string,
): AccountRecord {
  if (findEntry(account, spec, value)) return account;
  const list = entries(account, spec);
  return { ...account, [spec.field]: [...list, { value, primary: list.length === 0 }] };
}

export function withPrimary(
  account: AccountRecord,
  spec: AddressKindSpec,
  value: string,
): AccountRecord {
  const key = spec.normalize(value);
  return {
    ...account,
    [spec.field]: entries(account, spec).map((e) => ({
      ...e,
      primary: spec.normalize(e.value) === key,
    })),
  };
}

export function withoutAddress(
  account: AccountRecord,
  spec: AddressKindSpec,
  value: string,
): AccountRecord {
  const key = spec.normalize(value);
  return {
    ...account,
    [spec.field]: entries(account, spec).filter((e) => spec.normalize(e.value) !== key),
  };
}
