import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
/**
 * In-process cost of the subgraph dedup's private copies (a script): one shared subgraph answer
 * (fixtures/resp.json, 87.6 KB) handed to WAITERS waiters, with the build given as argument
 * against the current one. In-process work only (no sockets), so it is steadier than RPS on a shared machine.
 *   git show 56e1784:gateway/src/fetchDedup.ts > gateway/src/fetchDedupBefore.ts   # temporary, delete after
 *   npx tsx bench/gateways/dedupCopies.ts ../../gateway/src/fetchDedupBefore
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { dedupFetches } from '@fedmgmt/gateway';

const WAITERS = Number(process.env.WAITERS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const text = readFileSync(join(__dirname, 'fixtures/resp.json'), 'utf8');
const options = {
  kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
  request: { query: '{ topProducts { upc } }', variables: {} },
  context: { auth: { kind: 'token', requestId: 'r', subject: 's', scopes: [], groups: [] } },
  incomingRequestContext: {},
} as never;

type Dedup = typeof dedupFetches;
async function time(make: Dedup): Promise<number> {
  const d = make({ process: async () => JSON.parse(text) as GatewayGraphQLResponse });
  let total = 0n;
  for (let r = 0; r < ROUNDS; r += 1) {
    const t = process.hrtime.bigint();
    await Promise.all(Array.from({ length: WAITERS }, () => d.process(options)));
    total += process.hrtime.bigint() - t;
  }
  return Number(total) / 1e6 / ROUNDS;
}

async function main(): Promise<void> {
  const before = ((await import(process.argv[2]!)) as { dedupFetches: Dedup }).dedupFetches;
  for (let i = 0; i < 3; i += 1) {
    const a = await time(before);
    const b = await time(dedupFetches);
    process.stdout.write(
      `${WAITERS} waiters per shared answer: before ${a.toFixed(2)} ms, now ${b.toFixed(2)} ms per round (${(b / a).toFixed(2)}x)\n`,
    );
  }
}
main().catch((e: unknown) => (process.stderr.write(`${String(e)}\n`), process.exit(1)));
