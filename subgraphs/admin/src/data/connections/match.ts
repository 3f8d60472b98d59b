import { textOf } from '../../resolvers/helpers';

/** StringFilter over an in-memory value, with the same semantics as the MongoDB compilation. */
export function matchesString(value: string, f: Record<string, unknown>): boolean {
  const low = value.toLowerCase();
  for (const [op, raw] of Object.entries(f)) {
    if (raw === null || raw === undefined) continue;
    if (Array.isArray(raw)) {
      const list = raw.map(String);
      const ok =
        op === 'in'
          ? list.includes(value)
          : op === 'notIn'
            ? !list.includes(value)
            : op === 'iIn'
              ? list.some((v) => v.toLowerCase() === low)
              : !list.some((v) => v.toLowerCase() === low);
      if (!ok) return false;
      continue;
    }
    const i = /^i[A-Z]/.test(op);
    const negated = /^(i?)[Nn]ot[A-Z]/.test(op);
    const base = (i ? op.slice(1, 2).toLowerCase() + op.slice(2) : op).replace(
      /^not([A-Z])/,
      (_, c: string) => c.toLowerCase(),
    );
    const [v, s] = i ? [low, textOf(raw).toLowerCase()] : [value, textOf(raw)];
    const hit =
      base === 'contains'
        ? v.includes(s)
        : base === 'startsWith'
          ? v.startsWith(s)
          : base === 'endsWith'
            ? v.endsWith(s)
            : base === 'equals'
              ? v === s
              : false;
    if (hit === negated) return false;
  }
  return true;
}

/** ImageV2AliasFilter: what ImageV2.aliases filters on (the aliases live on the image). */
export type AliasFilter =
  | {
      alias?: Record<string, unknown> | null;
      imageId?: Record<string, unknown> | null;
      AND?: AliasFilter[] | null;
      OR?: AliasFilter[] | null;
      NOT?: AliasFilter[] | null;
    }
  | null
  | undefined;

/** Whether one alias of image `imageId` matches the filter. */
export function matchesAlias(f: AliasFilter, alias: string, imageId: string): boolean {
  if (!f) return true;
  if (f.alias && !matchesString(alias, f.alias)) return false;
  if (f.imageId) {
    const u = f.imageId as {
      equals?: string | null;
      in?: string[] | null;
      notEquals?: string | null;
      notIn?: string[] | null;
    };
    if (u.equals && u.equals.toLowerCase() !== imageId) return false;
    if (u.notEquals && u.notEquals.toLowerCase() === imageId) return false;
    if (u.in && !u.in.map((x) => x.toLowerCase()).includes(imageId)) return false;
    if (u.notIn && u.notIn.map((x) => x.toLowerCase()).includes(imageId)) return false;
  }
  if (f.AND && !f.AND.every((s) => matchesAlias(s, alias, imageId))) return false;
  if (f.OR && f.OR.length > 0 && !f.OR.some((s) => matchesAlias(s, alias, imageId))) return false;
  if (f.NOT && f.NOT.some((s) => matchesAlias(s, alias, imageId))) return false;
  return true;
}
