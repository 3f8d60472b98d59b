/** A unique index refused a write: surfaces as `{ok:false, msg:"integrity error: …"}`. */
export class IntegrityError extends Error {
  constructor(readonly field: string) {
    super(`duplicate value for unique field "${field}"`);
    this.name = 'IntegrityError';
  }
}

/** A referenced document is missing (e.g. a user's domain): also an integrity error. */
export class MissingReferenceError extends Error {
  constructor(readonly what: string, readonly value: string) {
    super(`${what} "${value}" does not exist`);
    this.name = 'MissingReferenceError';
  }
}

interface DriverError {
  code?: unknown;
  message?: unknown;
  keyPattern?: Record<string, unknown>;
}

/**
 * Maps a duplicate-key error (11000) to the field its index guards. Real MongoDB gives
 * keyPattern; servers that do not are handled through the index name in the message.
 */
export function mapWriteError(err: unknown, indexFields: Record<string, string>): unknown {
  const e = err as DriverError;
  if (!e || (e.code !== 11000 && e.code !== 11001)) return err;
  const message = typeof e.message === 'string' ? e.message : '';
  const index = /index: (\S+)/.exec(message)?.[1];
  if (index && indexFields[index]) return new IntegrityError(indexFields[index]);
  const keys = e.keyPattern ? Object.keys(e.keyPattern) : [];
  const byKeys = Object.entries(indexFields).find(([name]) => keys.length > 0 && name === keys.join('_'));
  return new IntegrityError(byKeys?.[1] ?? (keys.join(', ') || 'unknown'));
}
