import { decodeJson, textOf } from '../helpers';
import { entriesOf } from '../stored';

const UNITS: [string, number][] = [
  ['p', 2 ** 50],
  ['t', 2 ** 40],
  ['g', 2 ** 30],
  ['m', 2 ** 20],
  ['k', 2 ** 10],
];

/** "16g" -> "17179869184", "4" -> "4"; anything else as stored. */
export function decimalOf(value: unknown): string {
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp])(?:i?b)?$/i.exec(text);
  const unit = m ? UNITS.find(([u]) => u === (m[2] ?? '').toLowerCase()) : undefined;
  if (m && unit) {
    const bytes = Number(m[1]) * unit[1];
    if (Number.isSafeInteger(bytes)) return String(bytes);
  }
  return text;
}

const unlimited = (v: unknown) =>
  v === null || v === undefined || /^(infinity|inf|unlimited)$/i.test(textOf(v));

/** A stored slot mapping (JSON text) as [{resourceType, quantity, unlimited}]. */
export function limitEntries(
  stored: unknown,
): { resourceType: string; quantity: string | null; unlimited: boolean }[] | null {
  const slots = decodeJson(stored);
  if (slots === null || typeof slots !== 'object' || Array.isArray(slots)) return null;
  return entriesOf(slots).map(([resourceType, v]) =>
    unlimited(v)
      ? { resourceType, quantity: null, unlimited: true }
      : { resourceType, quantity: decimalOf(v), unlimited: false },
  );
}

/** A stored slot mapping as [{resourceType, quantity}]. */
export function slotEntries(stored: unknown): { resourceType: string; quantity: string }[] {
  const slots = decodeJson(stored);
  if (slots === null || typeof slots !== 'object' || Array.isArray(slots)) return [];
  return entriesOf(slots).map(([resourceType, v]) => ({
    resourceType,
    quantity: decimalOf(v),
  }));
}

/** Bytes as {expr: exact decimal, display: the largest exact unit, e.g. "1g"}. */
export function binarySize(bytes: unknown): { expr: string; display: string } {
  const n = typeof bytes === 'number' ? bytes : Number(bytes ?? -1);
  const expr = Number.isFinite(n) ? String(Math.trunc(n)) : '-1';
  const hit = n > 0 ? UNITS.find(([, size]) => n % size === 0) : undefined;
  return { expr, display: hit ? `${n / hit[1]}${hit[0]}` : expr };
}
