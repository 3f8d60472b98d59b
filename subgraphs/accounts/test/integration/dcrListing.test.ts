import type { ClientRecord } from '../../src/data/dcrRepository';
import { privateStore } from './store';

const client = (id: string, createdMs: number, lastModifiedMs: number): ClientRecord => ({
  client_id: id,
  client_id_issued_at: 1,
  scope: '',
  grant_types: [],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_methods: [],
  subject_type: 'public',
  status: 'active',
  authenticated_user: 'ann',
  template_client: 'tpl',
  createdMs,
  lastModifiedMs,
});

describe('Query.dynamicallyRegisteredClients (DcrRepository.list)', () => {
  let store: Awaited<ReturnType<typeof privateStore>>;
  beforeAll(async () => {
    store = await privateStore();
    await store.repos.clients.create(client('b-client', 1000, 5000), 's');
    await store.repos.clients.create(client('c-client', 2000, 4000), 's');
    await store.repos.clients.create(client('a-client', 3000, 6000), 's');
  });
  afterAll(() => store.drop());

  it.each([
    [undefined, 'ASC', ['b-client', 'c-client', 'a-client']],
    ['created', 'DESC', ['a-client', 'c-client', 'b-client']],
    ['name', 'ASC', ['a-client', 'b-client', 'c-client']],
    ['lastModified', 'DESC', ['a-client', 'b-client', 'c-client']],
  ] as const)('orders by %s %s', async (by, order, want) => {
    const page = await store.repos.clients.list({
      activeOnly: true,
      first: 2,
      userName: 'ANN',
      sort: { ...(by ? { by } : {}), order },
    });
    const next = await store.repos.clients.list({
      activeOnly: true,
      first: 2,
      userName: 'ANN',
      sort: { ...(by ? { by } : {}), order },
      after: page.endCursor!,
    });
    expect({
      ids: [...page.ids, ...next.ids],
      total: page.totalCount,
      more: next.hasNextPage,
    }).toEqual({ ids: want, total: 3, more: false });
  });

  it('serves created order from the index and refuses other sorts beyond the in-memory bound with SORTING', async () => {
    const strict = store.with({ maxInMemorySort: 2 });
    await expect(
      strict.clients.list({
        activeOnly: true,
        first: 5,
        templateClient: 'tpl',
        sort: { by: 'created', order: 'ASC' },
      }),
    ).resolves.toMatchObject({ totalCount: 3 });
    await expect(
      strict.clients.list({
        activeOnly: true,
        first: 5,
        templateClient: 'tpl',
        sort: { by: 'name', order: 'ASC' },
      }),
    ).rejects.toMatchObject({
      message: 'Sorting is not supported',
      extensions: { classification: 'operation-not-supported', 'not-supported-cause': 'SORTING' },
    });
  });
});
