/**
 * `npm run check:devstack`: the issue-9 proofs on the default `npm start` store, end to end.
 * Starts the real dev stack (scripts/dev.ts, its own process group) on free loopback ports and a
 * data dir of its own (CHECK_DATA_DIR, else a temp dir: the developer's .data/ is never touched),
 * and through the gateway, signed with the dev superadmin keypair, checks: concurrent writes
 * acknowledged = present; a 100-way duplicate race; everything still there after a restart; a
 * SIGKILLed accounts subgraph that the supervisor brings back while admin queries keep answering.
 * Stops everything it started by PID; exits 1 on any failed check.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@fedmgmt/embedded';
import { gql, outcome } from './lib/devstackClient';
import { alive, type DevStack, httpStatus, startDevStack, waitFor } from './lib/devstackProcess';
import {
  createProbe,
  duplicateUsers,
  type Ledger,
  type Report,
  sweepGroups,
  sweepKeypairs,
  sweepUsers,
} from './lib/devstackSweeps';
import { verifyLedger } from './lib/devstackVerify';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const ROOT = resolve(__dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);
const failures: string[] = [];
const warnings: string[] = [];
const report: Report = (ok, line) => {
  say(`${ok === 'warn' ? 'WARN' : ok ? 'PASS' : 'FAIL'}  ${line}`);
  if (ok === 'warn') warnings.push(line);
  else if (!ok) failures.push(line);
};

async function outage(stack: DevStack): Promise<void> {
  const before = stack.pids().accounts;
  if (!before) return report(false, 'accounts subgraph: no PID in dev-stack.json');
  const t0 = Date.now();
  process.kill(before, 'SIGKILL');
  say(`killed the accounts subgraph (pid ${before}, SIGKILL)`);
  const adminOutcomes: Record<string, number> = {};
  const accountsOutcomes: Record<string, number> = {};
  const readySeen: Record<string, number> = {};
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const recovered = await waitFor(
    async () => {
      const [admin, accounts, ready] = await Promise.all([
        gql(stack.gatewayUrl, '{ user(email: "admin@lablup.com") { email } }', undefined, 10_000),
        gql(
          stack.gatewayUrl,
          '{ accountByEmail(email: "admin@lablup.com") { id } }',
          undefined,
          10_000,
        ),
        httpStatus(stack.gatewayUrl.replace('/graphql', '/ready')),
      ]);
      const now = stack.pids().accounts;
      const back =
        ready === 200 && outcome(accounts) === 'ok' && now !== undefined && now !== before;
      if (back) return true;
      bump(adminOutcomes, admin.data?.user?.email === 'admin@lablup.com' ? 'ok' : outcome(admin));
      bump(accountsOutcomes, outcome(accounts));
      bump(readySeen, String(ready));
      return false;
    },
    90_000,
    200,
  );
  const ms = Date.now() - t0;
  const fmt = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, v]) => `${k} x${v}`)
      .join(', ') || 'none';
  say(
    `  during the outage: admin-only query ${fmt(adminOutcomes)}; accounts query ${fmt(accountsOutcomes)}; /ready ${fmt(readySeen)}`,
  );
  const adminTotal = Object.values(adminOutcomes).reduce((a, b) => a + b, 0);
  report(
    adminTotal > 0 && adminOutcomes.ok === adminTotal,
    `admin-only queries kept answering while accounts was down (${adminOutcomes.ok ?? 0}/${adminTotal})`,
  );
  report(
    recovered,
    recovered
      ? `accounts came back by itself (pid ${stack.pids().accounts}): /ready 200 and accounts answering ${ms} ms after the kill`
      : `accounts did not come back within ${ms} ms`,
  );
}

async function main(): Promise<number> {
  const dataDir = process.env.CHECK_DATA_DIR
    ? resolve(process.env.CHECK_DATA_DIR)
    : mkdtempSync(join(tmpdir(), 'fedmgmt-devstack-'));
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(dataDir, 'check-devstack.log');
  const ports = { gateway: await freePort(), admin: await freePort(), accounts: await freePort() };
  say(
    `data dir ${dataDir}; ports gateway ${ports.gateway}, admin ${ports.admin}, accounts ${ports.accounts}; stack log ${logFile}`,
  );
  const started: number[] = [];
  const opts = { root: ROOT, dataDir, ports, logFile };
  let stack: DevStack | undefined;
  try {
    let t = Date.now();
    stack = await startDevStack(opts);
    started.push(stack.proc.pid ?? 0, ...Object.values(stack.pids()));
    say(`dev stack ready in ${Date.now() - t} ms; pids ${JSON.stringify(stack.pids())}`);
    const url = stack.gatewayUrl;
    const run = randomUUID().slice(0, 8);
    const ledger: Ledger = {
      run,
      emails: new Set(),
      groups: new Map(),
      accessKeys: new Set(),
      probe: `chk-${run}-probe@example.com`,
    };
    await createProbe(url, ledger);
    say('\n1. concurrent writes through the gateway: acknowledged vs present');
    let someUser = '';
    for (const n of [10, 20, 40, 100]) {
      const uuids = await sweepUsers(url, n, ledger, report);
      await sweepGroups(url, n, uuids.slice(0, 2), ledger, report);
      someUser ||= `chk-${ledger.run}-u10-0@example.com`;
      await sweepKeypairs(url, n, someUser, ledger, report);
    }
    say('\n2. duplicate race');
    await duplicateUsers(url, ledger, report);
    say('\n3. restart on the same data dir');
    const beforeRestart = await verifyLedger(url, ledger, 'before restart', report);
    t = Date.now();
    const code = await stack.stop();
    const leftover = started.filter((pid) => pid && alive(pid));
    report(
      code === 0 && leftover.length === 0,
      `stack stopped by SIGINT in ${Date.now() - t} ms (exit ${code}); processes left: ${leftover.length ? leftover.join(', ') : 'none'}`,
    );
    t = Date.now();
    stack = await startDevStack(opts);
    started.push(stack.proc.pid ?? 0, ...Object.values(stack.pids()));
    say(`dev stack ready again in ${Date.now() - t} ms; pids ${JSON.stringify(stack.pids())}`);
    const afterRestart = await verifyLedger(url, ledger, 'after restart', report);
    report(
      JSON.stringify(beforeRestart) === JSON.stringify(afterRestart),
      `counts before = after restart: ${JSON.stringify(afterRestart)}`,
    );
    say('\n4. one service killed (SIGKILL), the others keep serving');
    await outage(stack);
  } catch (err) {
    report(false, `check aborted: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    say('\n5. stop everything');
    const pids = stack?.pids() ?? {};
    started.push(...Object.values(pids));
    const code = await stack?.stop().catch((err: unknown) => String(err));
    const leftover = [...new Set(started)].filter((pid) => pid && alive(pid));
    for (const pid of leftover) process.kill(pid, 'SIGKILL');
    report(
      leftover.length === 0,
      `dev stack stopped (exit ${code}); processes it started still running: ${leftover.length ? leftover.join(', ') : 'none'}`,
    );
  }
  if (failures.length) {
    say(`\n${failures.length} check(s) FAILED. Last lines of the stack log (${logFile}):`);
    say(readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n'));
    return 1;
  }
  if (!process.env.CHECK_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  say(
    `\nall checks passed${warnings.length ? ` (${warnings.length} warning(s): writes answered OUTCOME_UNKNOWN without a fault, see WARN lines)` : ''}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error && e.stack ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
