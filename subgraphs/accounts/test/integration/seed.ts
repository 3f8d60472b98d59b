import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import Redis from 'ioredis';
import type { Stack } from '@fedmgmt/testkit';
import type { Repositories } from '../../src/context';
import { loadConfig } from '../../src/config';
import { createRepositories, repositoryOptions } from '../../src/server';

export const JOHN_ID = '24b30653-f48e-4059-a6bc-a22d488026e9';
// Recorded Curity self-service portal documents, kept in the repository (fixtures/README.md).
export const QUERIES = join(__dirname, '..', '..', '..', '..', 'fixtures', 'curity', 'queries');

export function doc(name: string): { query: string; variables: Record<string, unknown> } {
  const file = join(QUERIES, name);
  return {
    query: readFileSync(`${file}.graphql`, 'utf8'),
    variables: JSON.parse(readFileSync(`${file}.vars.json`, 'utf8')) as Record<string, unknown>,
  };
}

export interface Seeded {
  redis: Redis;
  repos: Repositories;
  close(): Promise<void>;
}

/** Repositories on the stack's own key prefix, for seeding and assertions. */
export async function storeFor(stack: Stack): Promise<Seeded> {
  const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  return {
    redis,
    repos: createRepositories(
      redis,
      stack.keyPrefix,
      repositoryOptions(loadConfig({ INTERNAL_AUTH_SECRET: stack.secrets.accounts })),
    ),
    close: async () => void (await redis.quit()),
  };
}

/** The account the Curity documents' variables point at. */
export async function seedJohn(repos: Repositories): Promise<void> {
  const now = Date.now();
  await repos.accounts.create(
    {
      id: JOHN_ID,
      userName: 'johndoe',
      active: true,
      name: { givenName: 'Johnny', familyName: 'Doe' },
      emails: [{ value: 'john.doe@example.com', primary: true }],
      phoneNumbers: [{ value: '+46701234567', primary: true }],
      linkedAccounts: [{ value: 'johndoe@social.io', domain: 'social.io', created: 1700000000 }],
      devices: [
        {
          deviceId: 'eb3472f4-e02d-41a6-805b-a962da1ff72f',
          deviceType: 'totp',
          alias: 'phone',
          createdMs: now,
          lastModifiedMs: now,
        },
      ],
    },
    await hash('OldPassword1!'),
  );
  const [existing] = await repos.clients.byIds(['client-john-1']);
  if (existing) return;
  await repos.clients.create(
    {
      client_id: 'client-john-1',
      client_id_issued_at: 1700000000,
      client_name: 'John CLI',
      scope: 'openid',
      grant_types: ['authorization_code'],
      redirect_uris: ['https://app.example.com/cb'],
      response_types: ['code'],
      token_endpoint_auth_methods: ['client_secret_basic'],
      subject_type: 'public',
      status: 'active',
      authenticated_user: 'johndoe',
      createdMs: now,
      lastModifiedMs: now,
    },
    'not-a-real-secret',
  );
}
