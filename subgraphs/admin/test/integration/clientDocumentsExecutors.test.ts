import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { metricValue, scrape } from '@fedmgmt/testkit';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { type SeededStack, startSeededStack } from './seeded';

/**
 * The gateway's own query-plan executor (gateway/src/executor/) against @apollo/gateway's: every
 * read-only Backend.AI client document, sent to two gateways on the same subgraphs and store, one
 * with GATEWAY_EXECUTOR=apollo, must get the same answer byte for byte.
 */
const QUERIES = resolve(__dirname, '../../../../fixtures/backendai/queries');
const queries = readdirSync(QUERIES)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .filter((f) => {
    const op = parse(readFileSync(join(QUERIES, f), 'utf8')).definitions[0];
    return op?.kind === Kind.OPERATION_DEFINITION && op.operation === OperationTypeNode.QUERY;
  });

/** Each user's account from the accounts subgraph too: the users page of the console, two subgraphs. */
const CROSS_SUBGRAPH = `query {
  user_list(limit: 100, offset: 0) {
    total_count
    items { uuid email role groups { id name } keypairs { access_key is_active } account { id userName active } }
  }
}`;

describe('Backend.AI client documents: our executor answers what Apollo’s does', () => {
  let seeded: SeededStack;
  beforeAll(async () => {
    seeded = await startSeededStack(30, {
      gatewayEnv: { METRICS_OPEN: 'true' },
      secondGatewayEnv: { GATEWAY_EXECUTOR: 'apollo' },
    });
  });
  afterAll(() => seeded?.stop());

  it('replays the read-only documents (at least 10 of the 24)', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
  });

  it.each(queries)('%s', async (file) => {
    const query = readFileSync(join(QUERIES, file), 'utf8');
    const variables = JSON.parse(
      readFileSync(join(QUERIES, file.replace(/\.graphql$/, '.vars.json')), 'utf8'),
    ) as Record<string, unknown>;
    const ours = await seeded.stack.request({ query, variables });
    const apollo = await seeded.stack.requestSecond({ query, variables });
    expect(ours.status).toBe(200);
    expect(JSON.stringify(ours.body)).toEqual(JSON.stringify(apollo.body));
    expect(ours.body.data).toBeTruthy();
  });

  it('a users page with each user’s account from the accounts subgraph', async () => {
    const ours = await seeded.stack.request({ query: CROSS_SUBGRAPH });
    const apollo = await seeded.stack.requestSecond({ query: CROSS_SUBGRAPH });
    expect(JSON.stringify(ours.body)).toEqual(JSON.stringify(apollo.body));
    const data = ours.body.data as { user_list: { items: unknown[] } };
    expect(data.user_list.items.length).toBeGreaterThan(30);
  });

  it('ran every one of them through our executor on one gateway and Apollo’s on the other', async () => {
    const runs = async (url: string | undefined) => {
      const samples = await scrape(new URL('/metrics', url).toString());
      const of = (executor: string) =>
        metricValue(samples, 'fedmgmt_gateway_operations_executed_total', { executor });
      return { own: of('own'), apollo: of('apollo') };
    };
    const sent = queries.length + 1;
    expect(await runs(seeded.stack.gatewayUrl)).toEqual({ own: sent, apollo: 0 });
    expect(await runs(seeded.stack.secondGatewayUrl)).toEqual({ own: 0, apollo: sent });
  });
});
