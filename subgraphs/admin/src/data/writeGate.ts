import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreBusyError } from './errors';

interface Waiter {
  exclusive: boolean;
  grant(): void;
}

/**
 * The admin subgraph's write discipline within one process: multi-document transactions run one
 * at a time and never overlap a single-document write; single-document writes run side by side.
 * (A readers-writer lock, FIFO so neither side starves.) Reads never wait.
 *
 * Why: it keeps every transaction's reads and its commit in one window that no other write of this
 * process enters, so a uniqueness race is decided by the first commit and every loser sees a plain
 * duplicate key, and a server whose commits race each other (the embedded dev/test server does, see
 * README "Writes and the embedded server") cannot drop an acknowledged write. On MongoDB it costs
 * parallelism between this process's own transactions only; other processes are unaffected.
 *
 * Code already inside an exclusive section (the transaction body) passes straight through, so a
 * write in a transaction that forgot its session cannot deadlock.
 */
export class WriteGate {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];
  private readonly inside = new AsyncLocalStorage<boolean>();

  constructor(private readonly waitMs: number) {}

  /** How many callers wait (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  shared<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(false, fn);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(true, fn);
  }

  private async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return fn();
    await this.acquire(exclusive);
    try {
      return exclusive ? await this.inside.run(true, fn) : await fn();
    } finally {
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.drain();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.free(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        exclusive,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        this.drain();
        reject(new StoreBusyError());
      }, this.waitMs);
      this.queue.push(waiter);
    });
  }

  private free(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers += 1;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0] as Waiter;
      if (!this.free(next.exclusive)) return;
      this.queue.shift();
      this.take(next.exclusive);
      next.grant();
      if (next.exclusive) return;
    }
  }
}
