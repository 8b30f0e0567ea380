// A TCP proxy in the test process, between the product's processes and a server (Postgres): it can add latency to
// every chunk in both directions (order kept), reset every open connection at once, or refuse connections for a
// while, as a flaky network or a failing load balancer would. Plain `net`, no outside tool.
import net, { type AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Each chunk is held this long before it is passed on (0 = none); chunks keep their order. */
  setLatency(ms: number): void;
  /** Resets (RST) every open connection, both sides; new connections are accepted as before. Returns how many. */
  resetAll(): number;
  /** While on, open connections are reset and new ones closed at once (the server seems gone). */
  setRefusing(refusing: boolean): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let latencyMs = 0;
  let refusing = false;
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
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
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
  const proxy: TcpProxy = {
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
    setRefusing(on) {
      refusing = on;
      if (on) proxy.resetAll();
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
  return proxy;
}
