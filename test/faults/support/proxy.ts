// A TCP proxy in the test process, between the product's processes and a server (Postgres): it can add latency to
// every chunk in both directions (order kept) and reset every open connection at once, as a flaky network or a
// failing load balancer would. Plain `net`, no outside tool.
import net, { type AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Each chunk is held this long before it is passed on (0 = none); chunks keep their order. */
  setLatency(ms: number): void;
  /** Resets (RST) every open connection, both sides; new connections are accepted as before. Returns how many. */
  resetAll(): number;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let latencyMs = 0;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  // One direction of a pair: with latency, a chunk leaves no earlier than the one before it.
  const pipe = (from: net.Socket, to: net.Socket) => {
    let lastDue = 0;
    from.on('data', (chunk) => {
      if (latencyMs === 0 && lastDue <= Date.now()) {
        to.write(chunk);
        return;
      }
      const due = Math.max(Date.now() + latencyMs, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - Date.now());
    });
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    pipe(client, upstream);
    pipe(upstream, client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    resetAll() {
      const count = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
      return count;
    },
    connections: () => pairs.size,
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
