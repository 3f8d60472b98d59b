/** A closed-loop load driver: `connections` loops run `fn` back to back for `seconds`. */
export interface Driven {
  ops: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  firstError: string;
}

export async function drive(
  fn: () => Promise<unknown>,
  connections: number,
  seconds: number,
): Promise<Driven> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const until = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        await fn();
        latencies.push(performance.now() - t);
      } catch (err) {
        errors += 1;
        firstError ||= (err as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  if (errors > 0 && latencies.length === 0) throw new Error(`every request failed: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    ops: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    firstError,
  };
}
