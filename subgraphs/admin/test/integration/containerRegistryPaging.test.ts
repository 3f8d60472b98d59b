import { names, RegistryHarness } from './registryHarness';
import { gid } from './v2harness';

describe('container_registry_nodes paging and input errors through the gateway', () => {
  const h = new RegistryHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('pages forwards, backwards and by offset, counting every match', async () => {
    const order = h.all.map((r) => r.registry_name);
    const p1 = await h.conn({ first: 5 });
    const p2 = await h.conn({ first: 5, after: p1.pageInfo.endCursor });
    const p3 = await h.conn({ first: 5, after: p2.pageInfo.endCursor });
    expect([...names(p1), ...names(p2), ...names(p3)]).toEqual(order);
    expect(
      [p1, p2, p3].map((p) => [p.count, p.pageInfo.hasNextPage, p.pageInfo.hasPreviousPage]),
    ).toEqual([
      [14, true, false],
      [14, true, true],
      [14, false, true],
    ]);
    const tail = await h.conn({ last: 3 });
    const before = await h.conn({ last: 3, before: tail.pageInfo.startCursor });
    expect([names(before), names(tail), tail.pageInfo.hasNextPage]).toEqual([
      order.slice(8, 11),
      order.slice(11),
      false,
    ]);
    expect(names(await h.conn({ offset: 2, first: 3 }))).toEqual(order.slice(2, 5));
    expect(await h.conn({ first: 0 })).toMatchObject({ count: 14, edges: [] });
    expect(names(await h.conn({ first: 2 ** 31 - 1 }))).toEqual(order);
  });

  it('filters and orders with the mini-language over whitelisted fields', async () => {
    const c = await h.conn({
      filter: 'registry_name ilike "REG-%" & type == "gitlab"',
      order: '-registry_name',
    });
    expect([c.count, names(c)]).toEqual([4, ['reg-09', 'reg-06', 'reg-03', 'reg-00']]);
    const g = await h.conn({
      filter: 'is_global == false | ssl_verify == false',
      order: '+registry_name',
    });
    expect(names(g)).toEqual([
      'docker.io',
      'reg-01',
      'reg-02',
      'reg-05',
      'reg-08',
      'reg-09',
      'reg-11',
    ]);
  });

  it.each([
    [{ filter: 'registry_name ==' }, 'Query filter parsing error'],
    [{ filter: 'password_sealed != null' }, 'Unknown/unsupported field name "password_sealed"'],
    [{ filter: '$where == "1"' }, 'Query filter parsing error'],
    [{ filter: 'registry_name == {"$ne": null}' }, 'Query filter parsing error'],
    [{ order: '+password' }, 'unknown/unsupported field name "password"'],
    [{ first: -1 }, 'first must be a non-negative integer, got -1'],
    [{ first: 1, last: 1 }, 'Use either first (or limit) or last, not both'],
    [{ after: 'x.y' }, ''],
    [{ filter: 'ssl_verify == 1e999' }, '"ssl_verify" is a boolean field'],
    [
      { filter: `registry_name == "${'x'.repeat(5)}" ${'| is_global == true '.repeat(3)}&` },
      'Query filter parsing error',
    ],
  ])('refuses %j with a clear input error', async (vars, message) => {
    const body = await h.nodes(vars);
    expect(body.data).toEqual({ container_registry_nodes: null });
    expect(body.errors?.map((e) => [e.extensions?.code, e.message.includes(message)])).toEqual([
      ['BAD_USER_INPUT', true],
    ]);
  });

  it.each([{ first: 2 ** 31 }, { offset: 1e300 }, { last: -(2 ** 40) }])(
    'answers %j, which is no Int, with a 400 input error',
    async (variables) => {
      const query = h.document('container_registry_nodes');
      const res = await h.seeded.stack.request({ query, variables }, 'superadmin');
      const body = res.body as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      expect([res.status, body.data, body.errors?.map((e) => e.extensions?.code)]).toEqual([
        400,
        undefined,
        ['BAD_USER_INPUT'],
      ]);
    },
  );

  it('treats a quoted injection attempt as a plain value', async () => {
    expect(
      await h.conn({ filter: 'registry_name == "x\\" | registry_name != \\"y"' }),
    ).toMatchObject({
      count: 0,
      edges: [],
    });
  });

  it.each([
    'Q29udGFpbmVyUmVnaXN0cnlOb2RlOm5vcGU=',
    gid('ImageNode', '00000000-0000-4000-8000-000000000000'),
    '00000000-0000-4000-8000-000000000000',
  ])('answers NOT_FOUND for the unknown id %s', async (id) => {
    const body = await h.run('superadmin', h.document('container_registry_node'), { id });
    expect([body.data, body.errors?.map((e) => [e.extensions?.code, e.message])]).toEqual([
      { container_registry_node: null },
      [['NOT_FOUND', `Container registry not found (id: ${id})`]],
    ]);
  });
});
