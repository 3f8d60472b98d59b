/**
 * Counts Redis round trips of the ioredis clients in this process (benchmarks and tests only).
 *
 * ioredis sends each lone command with one `write` to its socket, and a pipeline or MULTI with one
 * `write` of all its commands (Pipeline.exec concatenates them). Each such write is a request the
 * client then awaits: one round trip. Counting writes on the client side is exact whatever the
 * concurrency; a proxy that counts bursts on the wire would merge the writes of concurrent requests
 * that happen to arrive together. (Concurrent lone commands of one request count one each, as they
 * were not sent as one request.)
 *
 * Clients are told apart by their `connectionName` (e.g. `redis://host:port/0?connectionName=gateway`,
 * which ioredis also sends as CLIENT SETNAME). Only connections opened after install are counted:
 * install before the clients connect.
 */
import type { Socket } from 'node:net';
import Redis from 'ioredis';

export interface RoundTripCounter {
  /** Writes so far by clients named `connectionName`, or by every counted client when omitted. */
  count(connectionName?: string): number;
  /** Stops counting (idempotent); live clients keep their connections. */
  uninstall(): void;
}

type Client = Redis;

export function countRedisRoundTrips(): RoundTripCounter {
  const proto = Redis.prototype as object;
  if (Object.getOwnPropertyDescriptor(proto, 'stream'))
    throw new Error('a Redis round-trip counter is already installed');
  const counts = new Map<string, number>();
  const streams = new WeakMap<Client, Socket>();
  const clients = new Set<WeakRef<Client>>();
  const wrapped = new WeakSet<Socket>();
  let active = true;
  const wrap = (client: Client, socket: Socket) => {
    if (wrapped.has(socket)) return;
    wrapped.add(socket);
    const write = socket.write as (...a: unknown[]) => boolean;
    socket.write = function (this: Socket, ...args: unknown[]) {
      if (active) {
        const name = client.options.connectionName ?? '';
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return write.apply(this, args);
    };
  };
  // ioredis assigns `this.stream` on every (re)connect; an accessor sees each new socket.
  Object.defineProperty(proto, 'stream', {
    configurable: true,
    get(this: Client) {
      return streams.get(this);
    },
    set(this: Client, socket: Socket | undefined) {
      if (socket) wrap(this, socket);
      if (!streams.has(this)) clients.add(new WeakRef(this));
      streams.set(this, socket as Socket);
    },
  });
  return {
    count: (name) =>
      name === undefined
        ? [...counts.values()].reduce((a, b) => a + b, 0)
        : (counts.get(name) ?? 0),
    uninstall: () => {
      if (!active) return;
      active = false;
      delete (proto as { stream?: unknown }).stream;
      // Each client keeps its socket as the plain property ioredis would have made.
      for (const ref of clients) {
        const client = ref.deref();
        if (client)
          Object.defineProperty(client, 'stream', {
            value: streams.get(client),
            writable: true,
            configurable: true,
            enumerable: true,
          });
      }
      clients.clear();
    },
  };
}
