/**
 * A TCP proxy on 127.0.0.1 that sits between a register and head office so tests can misbehave the link the way
 * shop networks do: cut every connection, refuse new ones for a while, delay every chunk, or swallow bytes
 * (acks that never arrive while the socket stays open).
 */
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** http://127.0.0.1:<port>, for socket.io and HTTP clients. */
  readonly url: string;
  /** Open client connections right now. */
  readonly connections: number;
  /** Destroys every open connection in both directions; new connections are still accepted. */
  cut(): void;
  /** While down, every connection is cut and new ones are closed at once (the link is gone). */
  setDown(down: boolean): void;
  /** Extra latency for every chunk, in both directions; order is kept. */
  setDelay(ms: number): void;
  /** While on, bytes in both directions are swallowed silently; the connections stay open. */
  setBlackhole(on: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let delayMs = 0;
  let blackhole = false;

  /** Forwards chunks from one side to the other, each after the current delay but never before the previous. */
  const pipe = (from: Socket, to: Socket): void => {
    let lastDue = 0;
    from.on('data', (chunk) => {
      if (blackhole) return;
      if (delayMs === 0 && lastDue <= Date.now()) {
        to.write(chunk);
        return;
      }
      const due = Math.max(Date.now() + delayMs, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - Date.now());
    });
  };

  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
    pipe(client, upstream);
    pipe(upstream, client);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The proxy did not get a TCP port');
  const cut = (): void => {
    for (const socket of open) socket.destroy();
    open.clear();
  };

  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    get connections() {
      return open.size / 2;
    },
    cut,
    setDown(value) {
      down = value;
      if (down) cut();
    },
    setDelay(ms) {
      delayMs = ms;
    },
    setBlackhole(on) {
      blackhole = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
