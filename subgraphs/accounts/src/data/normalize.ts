/**
 * Keys for uniqueness and search: NFKC, then full case folding (approximated by
 * lower-, upper-, then lower-casing, which folds 'ß' and 'ẞ' to 'ss'), then NFKC again.
 * 'Ａｄｍｉｎ', 'ADMIN' and 'admin' share one key; the original is kept for display.
 */
export function uniqueKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

/** Phone numbers compare without spacing and punctuation. */
export function phoneKey(value: string): string {
  return uniqueKey(value).replace(/[\s\-().]/g, '');
}

/** Reversed by code point: ENDS_WITH becomes a prefix search on the reversed index. */
export function reversed(value: string): string {
  return Array.from(value).reverse().join('');
}

/** Fixed-width decimal, so that byte order is numeric order. */
export function padTime(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(15, '0');
}

/** Index member: the sort value, a NUL separator (below every other byte), then the id. */
export function member(sortValue: string, id: string): string {
  return `${sortValue}\u0000${id}`;
}

export function idOfMember(m: string): string {
  return m.slice(m.lastIndexOf('\u0000') + 1);
}

/** A user-supplied value used inside a key name: hex, so ':', '*', '{', '}' stay data. */
export function keySegment(value: string): string {
  return Buffer.from(value, 'utf8').toString('hex');
}
