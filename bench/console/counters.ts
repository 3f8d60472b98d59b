/**
 * Counts the commands the MongoDB driver sends (each one a round trip) in this process. Server
 * monitoring (hello/ismaster heartbeats) is left out. Used in the runner for the in-process layout,
 * and in the admin subgraph's process through the preload (preload.ts) for the deployed one.
 */
export interface MongoCounter {
  count(): number;
}

export function countMongoCommands(): MongoCounter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require('mongodb/lib/cmap/connection') as {
    Connection: { prototype: { command: (...a: unknown[]) => unknown } };
  };
  let commands = 0;
  const original = Connection.prototype.command;
  Connection.prototype.command = function (this: unknown, ...args: unknown[]) {
    const name = Object.keys((args[1] as object | undefined) ?? {})[0] ?? '';
    if (!/^(hello|ismaster|isMaster)$/.test(name)) commands += 1;
    return original.apply(this, args);
  };
  return { count: () => commands };
}
