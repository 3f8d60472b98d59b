/** One running instance of a supervised service. */
export interface Instance {
  pid?: number;
  /** Settles when the instance ends, however it ends. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface ServiceSpec {
  name: string;
  /** Starts one instance and resolves once it is up; throws if it cannot come up. */
  start(): Promise<Instance>;
  /** Restarted (in order) after this service comes back: they hold its address or its data. */
  dependents?: string[];
}

export interface SupervisorOptions {
  log: (line: string) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** An instance that ran this long resets the backoff. */
  stableAfterMs?: number;
  /** Consecutive failed starts after which the service is given up (and `onGiveUp` runs). */
  maxAttempts?: number;
  onGiveUp?: (name: string) => void;
}

interface Slot {
  spec: ServiceSpec;
  current?: Instance;
  attempts: number;
  restarts: number;
  /** Bumped on every deliberate stop/restart, so the watcher of a replaced instance stands down. */
  epoch: number;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps dev-stack services running: a service that exits is restarted with exponential
 * backoff (logged), the others keep serving. stop() stops every instance it started, by PID.
 */
export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private stopping = false;
  /** Starts in progress: stop() waits for them and stops what they bring up. */
  private readonly starting = new Set<Promise<unknown>>();
  private readonly o: Required<Omit<SupervisorOptions, 'onGiveUp'>> &
    Pick<SupervisorOptions, 'onGiveUp'>;

  constructor(opts: SupervisorOptions) {
    this.o = {
      initialBackoffMs: 500,
      maxBackoffMs: 10_000,
      stableAfterMs: 10_000,
      maxAttempts: 8,
      ...opts,
    };
  }

  /** Starts the first instance (a failure here is the caller's) and supervises it from then on. */
  async add(spec: ServiceSpec): Promise<void> {
    const slot: Slot = { spec, attempts: 0, restarts: 0, epoch: 0 };
    this.slots.set(spec.name, slot);
    await this.track(
      spec.start().then(async (inst) => {
        if (this.stopping) await inst.stop();
        else this.watch(slot, inst);
      }),
    );
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.starting.add(p);
    const done = () => this.starting.delete(p);
    p.then(done, done);
    return p;
  }

  restarts(name: string): number {
    return this.slots.get(name)?.restarts ?? 0;
  }

  pid(name: string): number | undefined {
    return this.slots.get(name)?.current?.pid;
  }

  /** Deliberate restart (a dependency moved): stop, then start at once. */
  async restart(name: string): Promise<void> {
    const slot = this.slots.get(name);
    if (!slot || this.stopping) return;
    slot.epoch += 1;
    clearTimeout(slot.timer);
    const old = slot.current;
    slot.current = undefined;
    await old?.stop();
    this.o.log(`${name}: restarting (a service it depends on was restarted)`);
    await this.attempt(slot, slot.epoch);
  }

  /** Stops everything, newest first; no restart happens after this is called. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.starting]);
    for (const slot of [...this.slots.values()].reverse()) {
      slot.epoch += 1;
      clearTimeout(slot.timer);
      const cur = slot.current;
      slot.current = undefined;
      await cur?.stop();
    }
  }

  private watch(slot: Slot, inst: Instance): void {
    slot.current = inst;
    const epoch = slot.epoch;
    const startedAt = Date.now();
    void inst.exited.then((how) => {
      if (this.stopping || slot.epoch !== epoch) return;
      slot.current = undefined;
      if (Date.now() - startedAt >= this.o.stableAfterMs) slot.attempts = 0;
      this.o.log(`${slot.spec.name} exited (${how}); the others keep serving`);
      this.schedule(slot, epoch);
    });
  }

  private schedule(slot: Slot, epoch: number): void {
    if (slot.attempts >= this.o.maxAttempts) {
      this.o.log(`${slot.spec.name}: gave up after ${slot.attempts} failed restarts`);
      this.o.onGiveUp?.(slot.spec.name);
      return;
    }
    const delay = Math.min(this.o.initialBackoffMs * 2 ** slot.attempts, this.o.maxBackoffMs);
    slot.attempts += 1;
    this.o.log(`${slot.spec.name}: restart ${slot.attempts} in ${delay} ms`);
    slot.timer = setTimeout(() => void this.attempt(slot, epoch), delay);
  }

  private attempt(slot: Slot, epoch: number): Promise<void> {
    return this.track(this.tryStart(slot, epoch));
  }

  private async tryStart(slot: Slot, epoch: number): Promise<void> {
    if (this.stopping || slot.epoch !== epoch) return;
    let inst: Instance;
    try {
      inst = await slot.spec.start();
    } catch (err) {
      this.o.log(
        `${slot.spec.name}: restart failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!this.stopping && slot.epoch === epoch) this.schedule(slot, epoch);
      return;
    }
    if (this.stopping || slot.epoch !== epoch) return void (await inst.stop());
    slot.restarts += 1;
    this.o.log(`${slot.spec.name}: running again${inst.pid ? ` (pid ${inst.pid})` : ''}`);
    this.watch(slot, inst);
    for (const dep of slot.spec.dependents ?? []) await this.restart(dep);
  }
}

export { childInstance, pidInstance, stopGroup } from './instances';
