import { randomBytes } from 'node:crypto';
import { type Embedded, startEmbeddedMongo } from '@fedmgmt/embedded';
import { type Stack, startStack } from '@fedmgmt/testkit';
import { MongoClient } from 'mongodb';
import { runBootstrap } from '../../src/cli/bootstrap';
import type { CliEnv } from '../../src/cli/config';
import { runQuery } from '../../src/cli/query';

describe('fedmgmt CLI', () => {
  let mongo: Embedded;
  let stack: Stack;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    stack = await startStack({ mongoUrl: mongo.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await mongo?.stop();
  });

  const env = (over: Partial<CliEnv> = {}): CliEnv => ({
    endpoint: new URL(stack.gatewayUrl).origin,
    accessKey: undefined,
    secretKey: undefined,
    apiVersion: 'v8.20240315',
    mongoUrl: mongo.url,
    mongoDb: `cli_${randomBytes(4).toString('hex')}`,
    encryptionKey: randomBytes(32).toString('base64'),
    ...over,
  });

  it('bootstrap creates the first superadmin with a generated keypair once, then does nothing', async () => {
    const e = env();
    const lines: string[] = [];
    expect(await runBootstrap(['--email', 'root@example.com'], e, (s) => lines.push(s))).toBe(0);
    expect(await runBootstrap(['--email', 'root@example.com'], e, (s) => lines.push(s))).toBe(0);
    const [created, printed, again] = lines;
    expect(created).toMatch(/^created: .*user root@example\.com, keypair AKIA[A-Z0-9]{16}$/);
    expect(printed).toMatch(
      /^BACKEND_ACCESS_KEY=AKIA[A-Z0-9]{16}\nBACKEND_SECRET_KEY=\S{40}\n\(the secret key is shown only now\)$/,
    );
    expect(again).toBe('nothing to do: the superadmin and its keypair exist');
    const client = new MongoClient(mongo.url);
    try {
      const users = await client
        .db(e.mongoDb)
        .collection<{ email: string; role: string }>('users')
        .find({}, { projection: { email: 1, role: 1 } })
        .toArray();
      expect(users.map((u) => [u.email, u.role])).toEqual([['root@example.com', 'superadmin']]);
    } finally {
      await client.close();
    }
  });

  it('query signs with the keypair from the environment and pretty-prints the answer', async () => {
    const lines: string[] = [];
    const e = env({
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(
      await runQuery(['--path', '/admin/gql', '{ __typename }'], e, (s) => lines.push(s)),
    ).toBe(0);
    expect(lines).toEqual([JSON.stringify({ data: { __typename: 'Query' } }, null, 2)]);
  });

  it('query without a keypair says how to give one', async () => {
    await expect(runQuery(['{ __typename }'], env(), () => undefined)).rejects.toThrow(
      'a keypair is needed',
    );
  });
});
