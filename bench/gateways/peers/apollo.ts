/**
 * Stock @apollo/gateway + Apollo Server, as the benchmark runs it (gateways/apollo-gateway/index.ts):
 * startStandaloneServer, a Node cluster of availableParallelism() - 1 workers (FORK overrides), NODE_ENV
 * set by the runner. Only the port, host and supergraph path come from the environment here.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

async function main(): Promise<void> {
  const forkCount =
    (process.env.FORK ? parseInt(process.env.FORK, 10) : availableParallelism()) - 1;
  if (cluster.isPrimary && forkCount) {
    for (let i = 0; i < forkCount; i++) cluster.fork();
    return;
  }
  const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH ?? 'supergraph.graphql', 'utf8');
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' },
  });
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
