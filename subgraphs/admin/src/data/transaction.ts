import type { ClientSession, MongoClient } from 'mongodb';
import { MongoError } from 'mongodb';
import { mapTransactionError } from './errors';

/** How long a transaction may keep retrying transient conflicts and unanswered commits. */
const RETRY_WINDOW_MS = 10_000;
/** Extra commitTransaction attempts after an unanswered one (the driver itself retries once more each). */
const COMMIT_RETRIES = 2;

const hasLabel = (err: unknown, label: string) =>
  err instanceof MongoError && err.hasErrorLabel(label);

/**
 * The documented transaction loop (retry the whole transaction on TransientTransactionError,
 * retry the commit on UnknownTransactionCommitResult), bounded in time and attempts instead of
 * withTransaction's fixed 120 s, so a store that stops answering a commit turns into a prompt
 * "outcome unknown" answer. Errors are mapped by mapTransactionError.
 */
export async function runTransaction<T>(
  client: MongoClient,
  fn: (session: ClientSession) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + RETRY_WINDOW_MS;
  const session = client.startSession();
  try {
    for (;;) {
      session.startTransaction({
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
      });
      let result: T;
      try {
        result = await fn(session);
      } catch (err) {
        await session.abortTransaction().catch(() => undefined);
        if (hasLabel(err, 'TransientTransactionError') && Date.now() < deadline) continue;
        throw mapTransactionError(err, false);
      }
      const outcome = await commit(session, deadline);
      if (outcome === 'retry') continue;
      return result;
    }
  } finally {
    await session.endSession().catch(() => undefined);
  }
}

async function commit(session: ClientSession, deadline: number): Promise<'done' | 'retry'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await session.commitTransaction();
      return 'done';
    } catch (err) {
      const more = Date.now() < deadline && attempt < COMMIT_RETRIES;
      if (hasLabel(err, 'UnknownTransactionCommitResult') && more) continue;
      if (
        hasLabel(err, 'TransientTransactionError') &&
        !hasLabel(err, 'UnknownTransactionCommitResult') &&
        Date.now() < deadline
      ) {
        return 'retry';
      }
      throw mapTransactionError(err, true);
    }
  }
}
