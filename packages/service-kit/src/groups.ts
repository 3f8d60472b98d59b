/**
 * Caller groups are normalised once, at the gateway, when it reads a token's claims; the context it
 * forwards carries the result and every subgraph reads `AuthContext.groups` as-is.
 *
 * A groups claim is a list whose entries are names (non-empty strings) or SCIM-style `{value}` objects
 * (Curity's groups authorization manager sends either). The result keeps the names in claim order,
 * without duplicates, case as given (group names are case-sensitive). Anything else — a bare string,
 * a non-list, an entry that is not a non-empty name — is `undefined`: the gateway refuses the token
 * rather than guess which groups were meant.
 */
export function normalizeGroups(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const names = raw.map((g: unknown) =>
    typeof g === 'string'
      ? g
      : g && typeof g === 'object'
        ? (g as { value?: unknown }).value
        : undefined,
  );
  if (!names.every((g): g is string => typeof g === 'string' && g.length > 0)) return undefined;
  return [...new Set(names)];
}
