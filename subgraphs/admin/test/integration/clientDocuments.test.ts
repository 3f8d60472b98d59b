import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApiSchema } from '../../../../scripts/lib/supergraph';
import { type GraphQLSchema, Kind, OperationTypeNode, parse, validate } from 'graphql';
import { type SeededStack, startSeededStack } from './seeded';

const QUERIES = resolve(__dirname, '../../../../fixtures/backendai/queries');
const SUPERGRAPH = resolve(__dirname, '../../../../gateway/supergraph.graphql');
// In name order: 06 creates the user that 07 modifies.
const documents = readdirSync(QUERIES)
  .filter((f) => f.endsWith('.graphql'))
  .sort();

describe('Backend.AI client documents through the gateway', () => {
  let schema: GraphQLSchema;
  let seeded: SeededStack;

  beforeAll(async () => {
    schema = buildApiSchema(readFileSync(SUPERGRAPH, 'utf8'));
    seeded = await startSeededStack();
  });
  afterAll(() => seeded?.stop());

  it('finds all 24 documents of the spec', () => {
    expect(documents).toHaveLength(24);
  });

  it.each(documents)('%s validates against the supergraph and runs as superadmin', async (file) => {
    const query = readFileSync(join(QUERIES, file), 'utf8');
    const variables = JSON.parse(
      readFileSync(join(QUERIES, file.replace(/\.graphql$/, '.vars.json')), 'utf8'),
    ) as Record<string, unknown>;
    const doc = parse(query);
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
    const res = await seeded.stack.request({ query, variables });
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    const data = res.body.data as Record<string, unknown>;
    const op = doc.definitions[0];
    const roots =
      op?.kind === Kind.OPERATION_DEFINITION
        ? op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))
        : [];
    for (const root of roots) {
      expect(data[root]).not.toBeNull();
      if (op?.kind === Kind.OPERATION_DEFINITION && op.operation === OperationTypeNode.MUTATION) {
        expect(data[root]).toMatchObject({ ok: true, msg: 'success' });
      }
    }
  });
});
