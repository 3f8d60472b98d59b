import { MongoError, MongoNetworkError, MongoServerError } from 'mongodb';
import {
  IntegrityError,
  mapTransactionError,
  mapWriteError,
  StoreBusyError,
  WriteNotAppliedError,
  WriteOutcomeUnknownError,
} from '../../src/data/errors';
import { WriteGate } from '../../src/data/writeGate';

const tick = () => new Promise((r) => setImmediate(r));
const labelled = (err: MongoError, ...labels: string[]) => {
  for (const l of labels) err.addErrorLabel(l);
  return err;
};

describe('WriteGate', () => {
  it('holds single-document writes back while a transaction runs, then runs them', async () => {
    const gate = new WriteGate(1000);
    const log: string[] = [];
    let releaseTx!: () => void;
    const tx = gate.exclusive(
      () =>
        new Promise<void>((r) => {
          log.push('tx start');
          releaseTx = () => {
            log.push('tx end');
            r();
          };
        }),
    );
    const a = gate.shared(async () => {
      log.push('a');
    });
    const b = gate.shared(async () => {
      log.push('b');
    });
    await tick();
    expect(log).toEqual(['tx start']);
    expect(gate.waiting).toBe(2);
    releaseTx();
    await Promise.all([tx, a, b]);
    expect(log).toEqual(['tx start', 'tx end', 'a', 'b']);
  });

  it('lets a transaction wait for running writes, and is FIFO after that', async () => {
    const gate = new WriteGate(1000);
    const log: string[] = [];
    let releaseW!: () => void;
    const w = gate.shared(
      () =>
        new Promise<void>((r) => {
          releaseW = r;
        }),
    );
    const tx = gate.exclusive(async () => {
      log.push('tx');
    });
    const later = gate.shared(async () => {
      log.push('later write');
    });
    await tick();
    expect(log).toEqual([]);
    releaseW();
    await Promise.all([w, tx, later]);
    expect(log).toEqual(['tx', 'later write']);
  });

  it('passes writes made inside a transaction straight through (no self-deadlock)', async () => {
    const gate = new WriteGate(200);
    await expect(gate.exclusive(() => gate.shared(async () => 'inner'))).resolves.toBe('inner');
  });

  it('refuses a write that waited past its bound as "not applied"', async () => {
    const gate = new WriteGate(50);
    let release!: () => void;
    const tx = gate.exclusive(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    await expect(gate.shared(async () => 'never')).rejects.toBeInstanceOf(StoreBusyError);
    release();
    await tx;
    await expect(gate.shared(async () => 'now')).resolves.toBe('now');
  });
});

describe('driver error mapping', () => {
  const dupe = () =>
    Object.assign(
      new MongoServerError({
        errmsg: 'E11000 duplicate key error collection: db.users index: email_unique dup key',
        code: 11000,
      }),
      {},
    );

  it('maps a duplicate key, inside a transaction or not, to the field its index guards', () => {
    expect(mapWriteError(dupe(), { email_unique: 'email' })).toEqual(new IntegrityError('email'));
    expect(mapWriteError(dupe(), { email_unique: 'email' }, true)).toEqual(
      new IntegrityError('email'),
    );
  });

  it('leaves other errors inside a transaction to the driver labels (so transient ones are retried)', () => {
    const conflict = labelled(
      new MongoServerError({ errmsg: 'WriteConflict', code: 112 }),
      'TransientTransactionError',
    );
    expect(mapWriteError(conflict, {}, true)).toBe(conflict);
  });

  it('outside a transaction: a lost connection is left to the outage mapping, a conflict is not applied', () => {
    const lost = new MongoNetworkError('socket closed');
    // Left raw: service-kit answers OUTCOME_UNKNOWN for a mutation whose store call may have gone out.
    expect(mapWriteError(lost, {})).toBe(lost);
    expect(
      mapWriteError(new MongoServerError({ errmsg: 'WriteConflict', code: 112 }), {}),
    ).toBeInstanceOf(WriteNotAppliedError);
  });

  it('an unreachable store is left as the driver raised it (the API answers SERVICE_UNAVAILABLE)', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'MongoServerSelectionError',
    });
    expect(mapWriteError(unreachable, {})).toBe(unreachable);
    expect(mapTransactionError(unreachable, false)).toBe(unreachable);
    expect(mapTransactionError(unreachable, true)).toBeInstanceOf(WriteOutcomeUnknownError);
  });

  it('a transaction: unknown commit result or a network error while committing is outcome unknown', () => {
    const unknown = labelled(new MongoNetworkError('x'), 'UnknownTransactionCommitResult');
    expect(mapTransactionError(unknown, true)).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(mapTransactionError(new MongoNetworkError('x'), true)).toBeInstanceOf(
      WriteOutcomeUnknownError,
    );
    expect(mapTransactionError(new MongoNetworkError('x'), false)).toBeInstanceOf(
      WriteNotAppliedError,
    );
    const transient = labelled(
      new MongoServerError({ errmsg: 'WriteConflict', code: 112 }),
      'TransientTransactionError',
    );
    expect(mapTransactionError(transient, false)).toBeInstanceOf(WriteNotAppliedError);
    expect(
      mapTransactionError(new MongoServerError({ errmsg: 'WriteConflict', code: 112 }), true),
    ).toBeInstanceOf(WriteNotAppliedError);
    expect(mapTransactionError(new IntegrityError('email'), false)).toEqual(
      new IntegrityError('email'),
    );
  });
});
