/** A one-line progress bar on a stream (stderr), redrawn in place; ends with a newline at 100%. */
export function progressBar(
  label: string,
  out: NodeJS.WriteStream,
  width = 30,
): (done: number, total: number) => void {
  const started = Date.now();
  return (done, total) => {
    const ratio = total === 0 ? 1 : done / total;
    const filled = Math.round(ratio * width);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${secs}s`;
    out.write(out.isTTY ? `\r${line}` : `${line}\n`);
    if (done >= total && out.isTTY) out.write('\n');
  };
}
