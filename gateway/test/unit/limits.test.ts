import type { AuthContext } from '@fedmgmt/service-kit';
import { buildSchema, parse, validate } from 'graphql';
import { introspectionPolicy, maxRootFieldsRule, usesIntrospection } from '../../src/limits';

const schema = buildSchema('type Query { a: Int b: Int }');
const reader: AuthContext = {
  kind: 'token',
  requestId: 'r',
  subject: 's',
  scopes: ['read'],
  groups: [],
};

async function runPolicy(
  mode: 'authenticated' | 'off',
  query: string,
  auth: AuthContext | undefined,
): Promise<string | undefined> {
  const hooks = await introspectionPolicy(mode).requestDidStart!({} as never);
  try {
    await hooks!.didResolveOperation!({ document: parse(query), contextValue: { auth } } as never);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('maxRootFieldsRule', () => {
  it('counts root fields through fragments and refuses past the limit', () => {
    const doc = parse('{ a ...F ... on Query { b } } fragment F on Query { a b }');
    expect(validate(schema, doc, [maxRootFieldsRule(4)]).map((e) => e.message)).toEqual([]);
    expect(validate(schema, doc, [maxRootFieldsRule(3)]).map((e) => e.message)).toEqual([
      'Root fields limit of 3 exceeded, found 4.',
    ]);
  });
});

describe('introspectionPolicy', () => {
  it('finds __schema and __type anywhere in a document', () => {
    expect(usesIntrospection(parse('{ a __type(name: "Query") { name } }'))).toBe(true);
    expect(usesIntrospection(parse('{ a __typename }'))).toBe(false);
  });

  it('remembers the answer per document, never across documents', () => {
    const withIt = parse('{ __schema { queryType { name } } }');
    const without = parse('{ a }');
    const answers = [withIt, without, withIt, without, parse('{ __type(name: "Q") { name } }')];
    expect(answers.map(usesIntrospection)).toEqual([true, false, true, false, true]);
  });

  it('allows authenticated callers, refuses anonymous ones, and refuses everyone when off', async () => {
    const q = '{ __schema { queryType { name } } }';
    expect(await runPolicy('authenticated', q, reader)).toBeUndefined();
    expect(await runPolicy('authenticated', q, undefined)).toBe(
      'GraphQL introspection is not allowed here',
    );
    expect(await runPolicy('authenticated', q, { ...reader, kind: 'anonymous' })).toBe(
      'GraphQL introspection is not allowed here',
    );
    expect(await runPolicy('off', q, reader)).toBe('GraphQL introspection is not allowed here');
    expect(await runPolicy('off', '{ a }', reader)).toBeUndefined();
  });
});
