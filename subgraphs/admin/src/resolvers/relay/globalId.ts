/**
 * Relay global IDs as graphene and strawberry write them: base64("<TypeName>:<id>"). They name
 * an object, they grant nothing: every lookup by global ID applies the caller's rules.
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

/** The local id inside a global ID of `type`, or undefined for anything else. */
export function fromGlobalId(globalId: string, type: string): string | undefined {
  if (typeof globalId !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(globalId)) return undefined;
  const text = Buffer.from(globalId, 'base64').toString('utf8');
  const sep = text.indexOf(':');
  if (sep < 0 || text.slice(0, sep) !== type) return undefined;
  const id = text.slice(sep + 1);
  return id.length > 0 ? id : undefined;
}
