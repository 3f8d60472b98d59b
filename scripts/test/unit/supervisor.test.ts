import { type ChildProcess, spawn } from 'node:child_process';
import { childInstance, type Instance, pidInstance, Supervisor } from '../../lib/supervisor';

/** A tiny node child in its own process group (as the dev stack spawns services). */
function node(code: string): ChildProcess {
  return spawn(process.execPath, ['-e', code], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Supervisor', () => {
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  const spawnTracked = (code: string) => {
    const c = node(code);
    started.push(c);
    return c;
  };

  it('restarts a child that exits, with growing backoff, and logs each restart', async () => {
    const log: string[] = [];
    const pids: number[] = [];
    const sup = new Supervisor({
      log: (l) => log.push(l),
      initialBackoffMs: 20,
      maxBackoffMs: 1000,
      stableAfterMs: 60_000,
    });
    await sup.add({
      name: 'crashy',
      start: async () => {
        const c = spawnTracked('setTimeout(() => process.exit(3), 30)');
        pids.push(c.pid!);
        return childInstance(c);
      },
    });
    await until(() => sup.restarts('crashy') >= 3);
    await sup.stop();
    expect(new Set(pids).size).toBe(pids.length);
    expect(log).toEqual(
      expect.arrayContaining([
        'crashy exited (code 3); the others keep serving',
        'crashy: restart 1 in 20 ms',
        'crashy: restart 2 in 40 ms',
        'crashy: restart 3 in 80 ms',
      ]),
    );
    const restartsLogged = log.filter((l) => l.startsWith('crashy: restart ')).length;
    await new Promise((r) => setTimeout(r, 300));
    // Stopped: nothing restarts any more.
    expect(log.filter((l) => l.startsWith('crashy: restart ')).length).toBe(restartsLogged);
    expect(pids.every((p) => !alive(p))).toBe(true);
  });

  it('keeps the other services running while one crashes', async () => {
    const sup = new Supervisor({ log: () => undefined, initialBackoffMs: 10 });
    let steady: ChildProcess | undefined;
    await sup.add({
      name: 'steady',
      start: async () => childInstance((steady = spawnTracked('setInterval(() => {}, 1000)'))),
    });
    await sup.add({
      name: 'crashy',
      start: async () => childInstance(spawnTracked('process.exit(1)')),
    });
    await until(() => sup.restarts('crashy') >= 2);
    expect(alive(steady?.pid)).toBe(true);
    expect(sup.restarts('steady')).toBe(0);
    await sup.stop();
    expect(alive(steady?.pid)).toBe(false);
  });

  it('stop() kills the process group it created, grandchildren included', async () => {
    const sup = new Supervisor({ log: () => undefined });
    let child: ChildProcess | undefined;
    await sup.add({
      name: 'parent',
      start: async () => {
        child = spawnTracked(
          "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });" +
            'console.log(c.pid); setInterval(() => {}, 1000);',
        );
        return childInstance(child);
      },
    });
    const grandchild = await new Promise<number>((resolve) =>
      child!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    expect(alive(grandchild)).toBe(true);
    await sup.stop();
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
    await until(() => !alive(grandchild));
  });

  it('gives up after maxAttempts failed starts and says so', async () => {
    const log: string[] = [];
    const gaveUp: string[] = [];
    let calls = 0;
    const sup = new Supervisor({
      log: (l) => log.push(l),
      initialBackoffMs: 5,
      maxAttempts: 2,
      onGiveUp: (n) => gaveUp.push(n),
    });
    await sup.add({
      name: 'store',
      start: async () => {
        calls += 1;
        if (calls > 1) throw new Error('port in use');
        return childInstance(spawnTracked('process.exit(0)'));
      },
    });
    await until(() => gaveUp.length > 0);
    expect(gaveUp).toEqual(['store']);
    expect(log).toEqual(
      expect.arrayContaining([
        'store: restart failed: port in use',
        'store: gave up after 2 failed restarts',
      ]),
    );
    await sup.stop();
  });

  it('restarts the dependents of a service that came back, and notices a process known only by PID', async () => {
    const log: string[] = [];
    const sup = new Supervisor({ log: (l) => log.push(l), initialBackoffMs: 10 });
    let store: ChildProcess | undefined;
    let appStarts = 0;
    await sup.add({
      name: 'store',
      dependents: ['app'],
      start: async () => {
        store = spawnTracked('setInterval(() => {}, 1000)');
        const c = store;
        return pidInstance(
          c.pid!,
          () => new Promise<void>((done) => (c.kill('SIGKILL'), c.once('exit', () => done()))),
          20,
        );
      },
    });
    await sup.add({
      name: 'app',
      start: async () => {
        appStarts += 1;
        return childInstance(spawnTracked('setInterval(() => {}, 1000)'));
      },
    });
    const firstStore = store!;
    firstStore.kill('SIGKILL');
    await until(() => sup.restarts('store') === 1 && appStarts === 2);
    expect(store).not.toBe(firstStore);
    expect(log).toEqual(
      expect.arrayContaining([
        `store exited (pid ${firstStore.pid} is gone); the others keep serving`,
        'app: restarting (a service it depends on was restarted)',
      ]),
    );
    const appPid = sup.pid('app');
    await sup.stop();
    expect(alive(store!.pid)).toBe(false);
    expect(alive(appPid)).toBe(false);
  });

  it('stops an instance whose start was still in progress when stop() was called', async () => {
    const sup = new Supervisor({ log: () => undefined });
    let child: ChildProcess | undefined;
    let release: () => void = () => undefined;
    const adding = sup.add({
      name: 'slow',
      start: async (): Promise<Instance> => {
        child = spawnTracked('setInterval(() => {}, 1000)');
        await new Promise<void>((r) => (release = r));
        return childInstance(child);
      },
    });
    await until(() => child !== undefined);
    const stopping = sup.stop();
    release();
    await Promise.all([adding, stopping]);
    expect(child!.exitCode !== null || child!.signalCode !== null).toBe(true);
  });
});
