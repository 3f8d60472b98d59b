import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { AuthContext } from '@fedmgmt/service-kit';
import { cloneJson, dedupFetches, sameJson } from '../../src/fetchDedup';
import type { GatewayRequestContext } from '../../src/subgraphClient';

const alice: AuthContext = {
  kind: 'token',
  requestId: 'r1',
  subject: 'alice',
  scopes: [],
  groups: [],
};
const bob: AuthContext = { kind: 'token', requestId: 'r2', subject: 'bob', scopes: [], groups: [] };
const ENTITIES =
  'query Q__reviews__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { reviews { id } } } }';

/** A subgraph stand-in: counts what is sent, answers with who sent it once the test opens the gate. */
function fakeSubgraph() {
  const sent: { subject?: string; query: string }[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const source: GraphQLDataSource<GatewayRequestContext> = {
    async process(o) {
      if (o.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION)
        throw new Error(`unexpected ${o.kind} fetch`);
      sent.push({ subject: o.context.auth?.subject, query: o.request.query ?? '' });
      await gate;
      return { data: { who: o.context.auth?.subject, n: sent.length, list: [{ id: '1' }] } };
    },
  };
  return { source, sent, open };
}

function call(
  auth: AuthContext,
  query: string,
  variables: Record<string, unknown> = {},
): GraphQLDataSourceProcessOptions<GatewayRequestContext> {
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    context: { auth },
    incomingRequestContext: {} as never,
    pathInIncomingRequest: [],
  };
}

describe('dedupFetches', () => {
  it('sends identical in-flight fetches of one caller once and gives each its own copy', async () => {
    const f = fakeSubgraph();
    const d = dedupFetches(f.source);
    const rep = { representations: [{ __typename: 'User', id: '1' }] };
    const pending = [
      d.process(call(alice, ENTITIES, rep)),
      d.process(call({ ...alice, requestId: 'other' }, ENTITIES, rep)),
    ];
    f.open();
    const [a, b] = await Promise.all(pending);
    expect(f.sent).toEqual([{ subject: 'alice', query: ENTITIES }]);
    expect(a).toEqual(b);
    (a!.data as { list: { id: string }[] }).list[0]!.id = 'changed';
    expect((b!.data as { list: { id: string }[] }).list[0]!.id).toBe('1');
    expect(d.inFlight()).toBe(0);
  });

  it('never shares a fetch between two callers, two queries or two variable sets', async () => {
    const f = fakeSubgraph();
    const d = dedupFetches(f.source);
    const pending = [
      d.process(call(alice, '{ users { id } }')),
      d.process(call(bob, '{ users { id } }')),
      d.process(call(alice, '{ me { id } }')),
      d.process(call(alice, ENTITIES, { representations: [{ __typename: 'User', id: '1' }] })),
      d.process(call(alice, ENTITIES, { representations: [{ __typename: 'User', id: '2' }] })),
    ];
    f.open();
    const answers = await Promise.all(pending);
    expect(f.sent.map((s) => s.subject)).toEqual(['alice', 'bob', 'alice', 'alice', 'alice']);
    expect(answers.map((r) => (r.data as { who: string }).who)).toEqual([
      'alice',
      'bob',
      'alice',
      'alice',
      'alice',
    ]);
  });

  it('tells apart several in-flight fetches of one caller and query by their variables', async () => {
    const sent: unknown[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const d = dedupFetches({
      async process(o) {
        sent.push(o.request.variables);
        await gate;
        return { data: { got: o.request.variables } };
      },
    });
    const v = (id: string) => ({ representations: [{ __typename: 'User', id }] });
    const pending = ['1', '2', '1', '3', '2', '1'].map((id) =>
      d.process(call(alice, ENTITIES, v(id))),
    );
    expect(d.inFlight()).toBe(3);
    open();
    const answers = await Promise.all(pending);
    expect(sent).toEqual([v('1'), v('2'), v('3')]);
    expect(answers.map((r) => r.data)).toEqual(
      ['1', '2', '1', '3', '2', '1'].map((id) => ({ got: v(id) })),
    );
    expect(d.inFlight()).toBe(0);
  });

  it('never merges mutations, and keeps nothing once a fetch answered', async () => {
    const f = fakeSubgraph();
    const d = dedupFetches(f.source);
    const pending = [
      d.process(call(alice, 'mutation { bump }')),
      d.process(call(alice, 'mutation { bump }')),
    ];
    f.open();
    await Promise.all(pending);
    await d.process(call(alice, '{ users { id } }'));
    await d.process(call(alice, '{ users { id } }'));
    expect(f.sent.length).toBe(4);
  });

  it('gives a waiter an untouched copy even when the first one changes its answer at once', async () => {
    const f = fakeSubgraph();
    const d = dedupFetches(f.source);
    const first = d.process(call(alice, ENTITIES)).then((r) => {
      (r.data as { list: { id: string }[] }).list.push({ id: 'added' });
      return r;
    });
    const pending = [first, d.process(call(alice, ENTITIES)), d.process(call(alice, ENTITIES))];
    f.open();
    const [, b, c] = await Promise.all(pending);
    expect(f.sent.length).toBe(1);
    expect(b!.data).toEqual({ who: 'alice', n: 1, list: [{ id: '1' }] });
    expect(c!.data).toEqual(b!.data);
    expect(c!.data).not.toBe(b!.data);
  });
});

describe('cloneJson', () => {
  it('copies parsed JSON deeply and exactly, a __proto__ key included', () => {
    const text =
      '{"data":{"a":[1,"x",null,true,{"b":[[2]]}],"__proto__":{"polluted":1},"e":{}},"errors":[{"message":"m","path":["a",0]}]}';
    const parsed = JSON.parse(text) as { data: Record<string, unknown> };
    const copy = cloneJson(parsed);
    expect(JSON.stringify(copy)).toBe(text);
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy.data, '__proto__')).toBe(true);
    expect((copy.data as { polluted?: number }).polluted).toBeUndefined();
    (copy.data.a as unknown[]).push('changed');
    ((copy.data.a as { b: number[][] }[])[4]!.b[0] as number[]).push(3);
    expect(JSON.stringify(parsed)).toBe(text);
  });
});

describe('sameJson', () => {
  const nullProto = (entries: Record<string, unknown>) =>
    Object.assign(Object.create(null) as Record<string, unknown>, entries);

  it('is true exactly when both serialise to the same JSON text', () => {
    const reps = (id: string) => ({
      representations: [nullProto({ __typename: 'User', id }), nullProto({ __typename: 'User' })],
    });
    expect(sameJson(reps('1'), reps('1'))).toBe(true);
    expect(
      sameJson({ a: [1, 'x', null, true, { b: [] }] }, { a: [1, 'x', null, true, { b: [] }] }),
    ).toBe(true);
    expect(sameJson({}, nullProto({}))).toBe(true);
    const different: [unknown, unknown][] = [
      [reps('1'), reps('2')],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [{ a: 1 }, { a: 1, b: 2 }],
      [{ a: undefined }, {}],
      [{ a: [1] }, { a: [1, 2] }],
      [{ a: [1] }, { a: { 0: 1 } }],
      [{ a: '1' }, { a: 1 }],
      [{ a: null }, { a: {} }],
      [{ a: NaN }, { a: NaN }],
      [{ a: new Date(0) }, { a: new Date(0) }],
      [{ a: { toJSON: () => 1 } }, { a: { toJSON: () => 1 } }],
    ];
    for (const [a, b] of different) {
      expect(sameJson(a, b)).toBe(false);
      expect(sameJson(b, a)).toBe(false);
    }
    const f = () => 1;
    expect(sameJson({ a: f }, { a: f })).toBe(false);
  });

  it('never calls a fetch shared when the JSON sent would differ', () => {
    const samples: unknown[] = [
      { representations: [{ __typename: 'U', id: '1' }] },
      { representations: [{ __typename: 'U', id: 1 }] },
      { representations: [{ id: '1', __typename: 'U' }] },
      { representations: [] },
      {},
      { x: [null] },
      { x: [] },
    ];
    for (const a of samples)
      for (const b of samples)
        if (sameJson(a, b)) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
