import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A loopback TCP proxy in front of the test store that can lose a reply: armed with a command
 * name, it forwards that command to the server, then drops the server's answer, cuts every
 * connection and refuses new ones until up() — what a network fault during a commit looks like.
 * The replica set announces its own address (hello.hosts/me); the proxy rewrites it to its own,
 * byte for byte (both ports have as many digits), so the driver keeps talking through the proxy.
 */
export interface FaultProxy {
  port: number;
  /** Drop the answer to the next command whose body names `command`, then go down. */
  arm(command: string): void;
  up(): void;
  readonly fired: boolean;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let armed: Buffer | undefined;
  let down = false;
  let fired = false;
  const sockets = new Set<Socket>();
  const cutAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const server: Server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let dropReply = false;
    client.on('data', (chunk) => {
      if (armed && chunk.includes(armed)) {
        armed = undefined;
        dropReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (raw: Buffer) => {
      const chunk = rewrite(raw);
      if (dropReply) {
        fired = true;
        down = true;
        cutAll();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  let port = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    if (String(port).length === String(targetPort).length) break;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const theirs = Buffer.from(`127.0.0.1:${targetPort}`);
  const ours = Buffer.from(`127.0.0.1:${port}`);
  function rewrite(chunk: Buffer): Buffer {
    for (let i = chunk.indexOf(theirs); i >= 0; i = chunk.indexOf(theirs, i + ours.length))
      ours.copy(chunk, i);
    return chunk;
  }
  return {
    port,
    arm: (command) => {
      armed = Buffer.from(`${command}\0`, 'latin1');
    },
    up: () => {
      down = false;
    },
    get fired() {
      return fired;
    },
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
