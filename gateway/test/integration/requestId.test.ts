import { AccountsRepository } from '@fedmgmt/accounts';
import { createLogger, type Logger } from '@fedmgmt/service-kit';
import { authHeaders, postGraphQL, type Stack, startStack } from '@fedmgmt/testkit';

type Line = { name: string; msg: string; requestId?: string } & Record<string, unknown>;

/** A logger made like production's (createLogger), writing its JSON lines into `lines`. */
function capturing(name: string, lines: Line[]): Logger {
  return createLogger(name, 'debug', {
    write: (s: string) => void lines.push(JSON.parse(s) as Line),
  });
}

const CROSS = 'query Cross { user(email: "admin@lablup.com") { email account { userName } } }';

describe('request ids end to end', () => {
  let stack: Stack;
  const lines: Line[] = [];

  beforeAll(async () => {
    stack = await startStack({
      loggers: {
        gateway: capturing('gateway', lines),
        admin: capturing('admin', lines),
        accounts: capturing('accounts', lines),
      },
    });
    await new AccountsRepository(stack.redis, '').create({
      userName: 'admin',
      active: true,
      emails: [{ value: 'admin@lablup.com', primary: true }],
    });
  });
  afterAll(() => stack?.stop());

  async function cross(headers: Record<string, string>) {
    const body = { query: CROSS };
    return postGraphQL(stack.gatewayUrl, body, {
      ...(await authHeaders('superadmin', stack.gatewayUrl, body)),
      ...headers,
    });
  }

  it("returns the caller's id and stamps it on every log line of all three services for that request", async () => {
    lines.length = 0;
    const res = await cross({ 'x-request-id': 'trace-me-0001' });
    expect(res.body).toEqual({
      data: { user: { email: 'admin@lablup.com', account: { userName: 'admin' } } },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-me-0001');
    await new Promise((r) => setTimeout(r, 50)); // access lines are written on 'finish'
    const byService = (name: string) => lines.filter((l) => l.name === name);
    for (const name of ['gateway', 'admin', 'accounts']) {
      expect(byService(name).length).toBeGreaterThan(0);
      expect(byService(name).map((l) => l.requestId)).toEqual(
        byService(name).map(() => 'trace-me-0001'),
      );
    }
    expect(byService('admin')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'request served', path: '/graphql', status: 200 }),
      ]),
    );
  });

  it('makes an id when the caller sends none or an unsafe one, and logs refusals with it', async () => {
    lines.length = 0;
    const made = await cross({});
    const unsafe = await cross({ 'x-request-id': 'bad id with spaces; and="quotes"' });
    const madeId = made.headers.get('x-request-id') ?? '';
    const unsafeId = unsafe.headers.get('x-request-id') ?? '';
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafeId).not.toBe(madeId);
    const anon = await postGraphQL(
      stack.gatewayUrl,
      { query: CROSS },
      { 'x-request-id': 'anon-0002' },
    );
    expect([anon.status, anon.headers.get('x-request-id')]).toEqual([401, 'anon-0002']);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'gateway',
          msg: 'request refused',
          requestId: 'anon-0002',
        }),
      ]),
    );
    expect(
      lines.filter((l) => l.name !== 'gateway' && l.requestId === madeId).length,
    ).toBeGreaterThan(0);
  });

  it("a subgraph logs a refused direct call with the request's id", async () => {
    lines.length = 0;
    const res = await postGraphQL(
      stack.adminUrl,
      { query: '{ __typename }' },
      { 'x-request-id': 'direct-0003', 'x-internal-auth': 'forged' },
    );
    expect([res.status, res.headers.get('x-request-id')]).toEqual([401, 'direct-0003']);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'admin',
          msg: 'refused request without a valid gateway context',
          requestId: 'direct-0003',
        }),
      ]),
    );
  });
});
