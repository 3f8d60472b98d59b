import { textOf } from '../helpers';
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
