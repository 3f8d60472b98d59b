/**
 * A readiness probe that answers within `timeoutMs`, shares one check between concurrent
 * callers, and remembers the answer for `cacheMs` (probes must not become load on a store).
 * `onChange` sees every transition (ready -> not ready and back), for the log.
 */
export function cachedProbe(
  check: () => Promise<boolean>,
  opts: { cacheMs: number; timeoutMs: number; onChange?: (ok: boolean) => void },
): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | undefined;
  let inflight: Promise<boolean> | undefined;
  const run = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), opts.timeoutMs);
    });
    const ok = await Promise.race([check().catch(() => false), deadline]).finally(() =>
      clearTimeout(timer),
    );
    if (last?.ok !== ok) opts.onChange?.(ok);
    last = { at: Date.now(), ok };
    return ok;
  };
  return () => {
    if (last && Date.now() - last.at < opts.cacheMs) return Promise.resolve(last.ok);
    inflight ??= run().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
