import { MongoError } from 'mongodb';

/**
 * A write problem the API reports as data (`{ok:false, msg}`) with a stable message prefix:
 * "integrity error: …" (never retry as is), "not applied: …" (nothing changed; safe to retry) or
 * "outcome unknown: …" (may have been applied; read back before retrying).
 */
export abstract class ReportedWriteError extends Error {
  abstract readonly retryable: boolean;
}

/** A unique index refused a write: surfaces as `{ok:false, msg:"integrity error: …"}`. */
export class IntegrityError extends ReportedWriteError {
  readonly retryable = false;
  constructor(readonly field: string) {
    super(`duplicate value for unique field "${field}"`);
    this.name = 'IntegrityError';
  }
}

/** A referenced document is missing (e.g. a user's domain): also an integrity error. */
export class MissingReferenceError extends ReportedWriteError {
  readonly retryable = false;
  constructor(
    readonly what: string,
    readonly value: string,
  ) {
    super(`${what} "${value}" does not exist`);
    this.name = 'MissingReferenceError';
  }
}

/** Definitely not applied (conflict, aborted, busy): retry. An unreachable store is a SERVICE_UNAVAILABLE outage instead. */
export class WriteNotAppliedError extends ReportedWriteError {
  readonly retryable = true;
  constructor(reason: string) {
    super(`not applied: ${reason}; nothing was changed, retry the mutation`);
    this.name = 'WriteNotAppliedError';
  }
}

/** This process's write queue stayed full past its bound. */
export class StoreBusyError extends WriteNotAppliedError {
  constructor() {
    super('the store is busy with other writes');
  }
}

/** The store may or may not have applied the change (its answer was lost, e.g. during commit). */
export class WriteOutcomeUnknownError extends ReportedWriteError {
  readonly retryable = true;
  constructor(override readonly cause?: unknown) {
    super(
      'outcome unknown: the store did not confirm the change, which may or may not have been applied; read it back before retrying',
    );
    this.name = 'WriteOutcomeUnknownError';
  }
}

/** The message an API caller sees for a reported write error. */
export function reportedMessage(err: ReportedWriteError): string {
  return err instanceof IntegrityError || err instanceof MissingReferenceError
    ? `integrity error: ${err.message}`
    : err.message;
}

interface DriverError {
  code?: unknown;
  message?: unknown;
  keyPattern?: Record<string, unknown>;
}

const WRITE_CONFLICT = 112;
const NO_SUCH_TRANSACTION = 251;
/** Driver errors raised before the command reached the server: nothing was sent. */
const NOT_SENT = new Set([
  'MongoPoolClearedError',
  'MongoServerSelectionError',
  'MongoWaitQueueTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
]);
const NETWORK = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoOperationTimeoutError',
]);

function isDuplicate(e: DriverError): boolean {
  return e?.code === 11000 || e?.code === 11001;
}

function duplicateField(e: DriverError, indexFields: Record<string, string>): IntegrityError {
  const message = typeof e.message === 'string' ? e.message : '';
  const index = /index: (\S+)/.exec(message)?.[1];
  if (index && indexFields[index]) return new IntegrityError(indexFields[index]);
  const keys = e.keyPattern ? Object.keys(e.keyPattern) : [];
  const byKeys = Object.entries(indexFields).find(
    ([name]) => keys.length > 0 && name === keys.join('_'),
  );
  return new IntegrityError(byKeys?.[1] ?? (keys.join(', ') || 'unknown'));
}

const label = (err: unknown, name: string) => err instanceof MongoError && err.hasErrorLabel(name);
const errName = (err: unknown) => (err instanceof Error ? err.name : '');

/**
 * Maps a write's driver error. Duplicate keys (11000) become IntegrityError naming the field its
 * index guards (real MongoDB gives keyPattern; servers that do not are handled through the index
 * name in the message). Inside a transaction only that mapping applies: every other error is left
 * as the driver raised it, so withTransaction still retries TransientTransactionError (e.g.
 * WriteConflict) and the transaction's own mapping decides afterwards. Outside a transaction, a
 * network error after sending means the outcome is unknown; an error before sending means nothing
 * was applied.
 */
export function mapWriteError(
  err: unknown,
  indexFields: Record<string, string>,
  inTransaction = false,
): unknown {
  const e = err as DriverError;
  if (isDuplicate(e)) return duplicateField(e, indexFields);
  if (inTransaction || err instanceof ReportedWriteError) return err;
  // Unreachable before sending: left as the driver raised it, so the API answers the documented
  // SERVICE_UNAVAILABLE (service-kit's store-outage mapping) like every other store outage.
  // A single write whose connection failed after sending is a store outage too: raw, so a
  // mutation answers the documented OUTCOME_UNKNOWN code (service-kit) with `null` data.
  if (NOT_SENT.has(errName(err)) || NETWORK.has(errName(err))) return err;
  if (label(err, 'RetryableWriteError')) return new WriteOutcomeUnknownError(err);
  if (e?.code === WRITE_CONFLICT) return new WriteNotAppliedError('a concurrent write conflicted');
  return err;
}

/**
 * Maps what a transaction (withTransaction) finally threw. `committing` is true when the body had
 * finished, i.e. the error came from commitTransaction, whose loss means the outcome is unknown.
 */
export function mapTransactionError(err: unknown, committing: boolean): unknown {
  if (err instanceof ReportedWriteError) return err;
  if (isDuplicate(err as DriverError)) return duplicateField(err as DriverError, {});
  if (label(err, 'UnknownTransactionCommitResult')) return new WriteOutcomeUnknownError(err);
  if (committing && (NETWORK.has(errName(err)) || label(err, 'RetryableWriteError')))
    return new WriteOutcomeUnknownError(err);
  if (label(err, 'TransientTransactionError') || (err as DriverError)?.code === WRITE_CONFLICT) {
    return new WriteNotAppliedError('a concurrent write conflicted');
  }
  if ((err as DriverError)?.code === NO_SUCH_TRANSACTION)
    return new WriteNotAppliedError('the transaction was aborted by the store');
  if (NOT_SENT.has(errName(err))) return committing ? new WriteOutcomeUnknownError(err) : err;
  if (!committing && NETWORK.has(errName(err)))
    return new WriteNotAppliedError('the connection to the store was lost before commit');
  return err;
}
