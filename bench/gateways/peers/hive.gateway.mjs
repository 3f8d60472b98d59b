// Hive Gateway config for the bench (benchmark: gateways/hive-gateway*/gateway.config.ts).
// BENCH_DEDUP=1: inboundInflightRequestDeduplication on (as benchmarked); BENCH_RUST=1: the
// @graphql-hive/router-runtime query planner and executor.
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: process.env.BENCH_DEDUP === '1',
  ...(process.env.BENCH_RUST === '1' ? { unifiedGraphHandler } : {}),
});
