import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AccountsRepository } from '@fedmgmt/accounts';
import { BOOTSTRAP_SUPERADMIN, type Stack, startStack } from '@fedmgmt/testkit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { startProxy } from '../../src/cli/proxy';

/** Debian's chromium; .ci/run installs it. Without it (and outside CI) the browser tests are skipped. */
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve(__dirname, '..', '..', '..', 'test-output');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CROSS =
  'query AdminWithAccount {\n  user(email: "admin@lablup.com") {\n    email\n    account { userName }\n  }\n}';
const describeBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

describeBrowser('GraphiQL served locally, driven by headless Chromium', () => {
  let stack: Stack;
  let proxy: Server;
  let proxyOrigin: string;
  let browser: BrowserContext;
  let profile: string;
  const outside: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    await new AccountsRepository(stack.redis, '').create({
      id: 'acc-admin',
      userName: 'admin',
      active: true,
      emails: [{ value: 'admin@lablup.com', primary: true }],
    });
    const keypair = {
      accessKey: BOOTSTRAP_SUPERADMIN.accessKey,
      secretKey: BOOTSTRAP_SUPERADMIN.secretKey,
    };
    proxy = await startProxy('127.0.0.1', 0, {
      endpoint: new URL(stack.gatewayUrl).origin,
      keypair,
      apiVersion: 'v8.20240315',
    });
    proxyOrigin = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    profile = mkdtempSync(join(tmpdir(), 'fedmgmt-chromium-'));
    mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 900 },
    });
    // Every request the page makes must stay on this machine: no CDN, nothing else.
    browser.on('request', (r) => {
      const host = new URL(r.url()).hostname;
      if (host !== '127.0.0.1' && !r.url().startsWith('data:')) outside.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
    await stack?.stop();
  });

  async function run(page: Page, name: string): Promise<string> {
    try {
      await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
      await page.click('.graphiql-execute-button');
      await page.locator('.result-window', { hasText: 'userName' }).waitFor({ timeout: 20_000 });
    } catch (err) {
      await page.screenshot({ path: join(OUTPUT, `${name}-failed.png`) });
      throw err;
    }
    return (await page.textContent('.result-window')) ?? '';
  }

  it('runs a cross-subgraph query through `fedmgmt proxy` with no header setup', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${proxyOrigin}/graphql?query=${encodeURIComponent(CROSS)}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    const text = await run(page, 'graphiql');
    expect(text).toContain('"email": "admin@lablup.com"');
    expect(text).toContain('"userName": "admin"');
    expect(await page.title()).toContain('GraphiQL');
    await page.screenshot({ path: join(OUTPUT, 'graphiql.png') });
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('runs a query on the gateway itself with a bearer token pasted into the headers editor', async () => {
    // A token caller reads its own account (tokens carry no Backend.AI user by default).
    const token = await stack.mintToken({
      subject: 'admin',
      accountId: 'acc-admin',
      email: 'admin@lablup.com',
    });
    const page = await browser.newPage();
    const own = 'query Own {\n  accountById(accountId: "acc-admin") { userName }\n}';
    await page.goto(`${new URL(stack.gatewayUrl).origin}/graphql?query=${encodeURIComponent(own)}`);
    // The headers editor opens with an Authorization template: replace it with the real token.
    const headers = page
      .locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')
      .last();
    await headers.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    const text = await run(page, 'graphiql-token');
    expect(text).toContain('"userName": "admin"');
    await page.screenshot({ path: join(OUTPUT, 'graphiql-token.png') });
    expect(outside).toEqual([]);
    await page.close();
  });

  it('is not served in production unless GRAPHIQL is set', async () => {
    const { loadConfig } = await import('../../src/config');
    const base = { NODE_ENV: 'production', INTERNAL_AUTH_SECRET_ADMIN: 'x'.repeat(32) };
    expect(loadConfig(base).graphiql).toBe(false);
    expect(loadConfig({ ...base, GRAPHIQL: '1' }).graphiql).toBe(true);
    expect(loadConfig({ INTERNAL_AUTH_SECRET_ADMIN: 'x'.repeat(32) }).graphiql).toBe(true);
  });
});
