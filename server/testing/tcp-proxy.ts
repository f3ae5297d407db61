import { createServer, connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** A TCP proxy in front of one service, which a test can partition silently. */
export type TcpProxy = {
  /** The port clients connect to (loopback). */
  readonly port: number;
  /** The local ports of its connections to the service (as the service sees them: `pg_stat_activity.client_port`). */
  upstreamPorts(): number[];
  /**
   * A silent partition: from now on nothing passes in either direction, on
   * open connections and new ones, and nothing is closed. Bytes wait in the
   * sockets (TCP flow control), as a partition's packets wait in
   * retransmission; the service's keepalive probes are still answered, by this
   * proxy's kernel, as a middlebox's would be.
   */
  blackhole(): void;
  /** Ends the partition: what waited flows again, and new connections reach the service. */
  heal(): void;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
};

type Pair = { client: Socket; upstream: Socket | null; closed: boolean };

/**
 * Starts a proxy on a free loopback port forwarding to `target` (host:port).
 *
 * @example
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 * const url = `postgresql://postgres@127.0.0.1:${proxy.port}/db`;
 * proxy.blackhole(); // the session through it goes silent
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let partitioned = false;

  const open = (pair: Pair) => {
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    // By hand, not pipe(): a paused socket must stay paused until heal(), whatever the other side drains.
    upstream.on('data', (chunk) => pair.client.write(chunk));
    pair.client.on('data', (chunk) => upstream.write(chunk));
    // One side closing closes the other — after the partition, as a FIN or RST sent into it would arrive.
    const end = () => {
      pair.closed = true;
      if (!partitioned) drop(pair);
    };
    upstream.on('error', end).on('close', end);
    pair.client.on('error', end).on('close', end);
  };
  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const freeze = (pair: Pair) => {
    pair.client.pause();
    pair.upstream?.pause();
  };
  const thaw = (pair: Pair) => {
    if (pair.closed) return drop(pair);
    if (!pair.upstream) open(pair);
    pair.client.resume();
    pair.upstream?.resume();
  };

  const server = createServer((client) => {
    client.setNoDelay(true);
    const pair: Pair = { client, upstream: null, closed: false };
    pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => (pair.closed = true));
    // During a partition a new connection is accepted (as a SYN is by nothing) and gets no further.
    if (partitioned) client.pause();
    else open(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    upstreamPorts: () => [...pairs].flatMap((pair) => (pair.upstream?.localPort ? [pair.upstream.localPort] : [])),
    blackhole() {
      partitioned = true;
      for (const pair of pairs) freeze(pair);
    },
    heal() {
      partitioned = false;
      for (const pair of pairs) thaw(pair);
    },
    async close() {
      for (const pair of pairs) drop(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
