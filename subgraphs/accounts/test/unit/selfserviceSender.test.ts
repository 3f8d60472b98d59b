import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { OutboxMessage, SelfServiceStore } from '../../src/data/selfServiceStore';
import { loadConfig } from '../../src/config';
import { createSender, deliver } from '../../src/selfservice/sender';

const MESSAGE = {
  channel: 'email' as const,
  to: 'a@example.com',
  purpose: 'verify-email',
  accountId: 'acct-1',
  code: '123456',
};

function capture() {
  const lines: string[] = [];
  return { logger: pino({ level: 'trace' }, { write: (l: string) => void lines.push(l) }), lines };
}

describe('selfservice/sender', () => {
  let server: Server;
  let url: string;
  let status = 204;
  const received: unknown[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({
          method: req.method,
          type: req.headers['content-type'],
          body: JSON.parse(body),
        });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const webhook = () =>
    createSender(
      loadConfig({ INTERNAL_AUTH_SECRET: 'u'.repeat(32), SELFSERVICE_WEBHOOK_URL: url })
        .selfService,
      {} as SelfServiceStore,
    );

  it('posts the message as JSON to the webhook and logs only who and why', async () => {
    const { logger, lines } = capture();
    await deliver(webhook(), MESSAGE, logger);
    expect(received).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        body: { ...MESSAGE, id: expect.any(String), at: expect.any(Number) },
      },
    ]);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        msg: 'self-service message sent',
        purpose: 'verify-email',
        channel: 'email',
        accountId: 'acct-1',
      }),
    ]);
    expect(lines.join('')).not.toContain('123456');
  });

  it('turns a failing webhook into a clear error without the code', async () => {
    status = 502;
    const { logger, lines } = capture();
    await expect(deliver(webhook(), MESSAGE, logger)).rejects.toMatchObject({
      message: 'The message could not be delivered; try again later',
      extensions: { code: 'DELIVERY_FAILED' },
    });
    expect(lines.join('')).toContain('webhook answered 502');
    expect(lines.join('')).not.toContain('123456');
  });

  it('appends to the dev outbox with the configured cap', async () => {
    const pushed: [OutboxMessage, number][] = [];
    const store = {
      pushOutbox: async (m: OutboxMessage, max: number) => void pushed.push([m, max]),
    } as unknown as SelfServiceStore;
    const sender = createSender(
      loadConfig({ INTERNAL_AUTH_SECRET: 'u'.repeat(32), SELFSERVICE_OUTBOX_MAX: '7' }).selfService,
      store,
    );
    await sender.send(MESSAGE);
    expect(pushed).toEqual([[{ ...MESSAGE, id: expect.any(String), at: expect.any(Number) }, 7]]);
  });
});
