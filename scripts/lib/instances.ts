import type { ChildProcess } from 'node:child_process';
import type { Instance } from './supervisor';

/** SIGTERM to the process group we created (detached child), SIGKILL after the grace period. */
export function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const pid = child.pid;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signal('SIGTERM');
  });
}

/** An Instance for a child process: ends on its 'exit' event, stopped by its process group or PID. */
export function childInstance(
  child: ChildProcess,
  stop: (c: ChildProcess) => Promise<void> = (c) => stopGroup(c),
): Instance {
  const exited = new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve(describeExit(child.exitCode, child.signalCode));
    child.once('exit', (code, sig) => resolve(describeExit(code, sig)));
  });
  return { ...(child.pid ? { pid: child.pid } : {}), exited, stop: () => stop(child) };
}

/**
 * An Instance for a process we only know by PID (an embedded store started by
 * @fedmgmt/embedded): polled with signal 0, stopped through its own stop().
 */
export function pidInstance(pid: number, stop: () => Promise<void>, pollMs = 500): Instance {
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<string>((resolve) => {
    timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve(`pid ${pid} is gone`);
      }
    }, pollMs);
  });
  return {
    pid,
    exited,
    stop: async () => {
      clearInterval(timer);
      await stop();
    },
  };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}
