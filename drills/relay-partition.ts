import { performance } from 'node:perf_hooks';
import { startChild } from '../bench/lib/children.ts';
import { sleep } from '../bench/lib/clock.ts';
import { RELAY_POLL_INTERVAL_MS } from '../server/outbox-relay/outbox-relay.ts';
import { handoverBoundMs, relayLeader } from '../server/outbox-relay/relay-leadership.ts';
import { createScratchDatabase } from '../prisma/hooks/testing/scratch-database.ts';
import { waitFor } from '../harness/cluster/wait-for.ts';
import { loadConfig } from '../server/config.ts';
import type { PostChange } from '../server/features/liveblog/liveblog-protocol.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { startTcpProxy } from '../server/testing/tcp-proxy.ts';
import type { TcpProxy } from '../server/testing/tcp-proxy.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { createDrillLiveblog, startDrillStack } from './drill-stack.ts';
import { startReaderFleet } from './reader-fleet.ts';

const READERS = 100;
const POST_INTERVAL_MS = 250;

/**
 * A silent network partition between the outbox relay leader and PostgreSQL.
 * Two relays — an interface server's and a `switchyard relay` process — each
 * reach PostgreSQL through a TCP proxy of the drill's; readers follow a
 * liveblog on the server, and this process commits a post every 250 ms
 * (directly, not through a proxy). The proxy of whichever relay leads is
 * blackholed: nothing passes, nothing is closed, and PostgreSQL keeps the
 * leader's session and its lock. The other relay must end that session and
 * deliver the posts committed meanwhile within the documented bound
 * (lease + two polls + 1 s); then the partition heals, the ex-leader must
 * follow, and every reader must hold exactly the committed posts. A probe
 * reader also checks that no post arrives behind a later one (fencing).
 */
export const relayPartitionDrill: Drill = {
  name: 'relay-partition',
  async run(scope) {
    const config = loadConfig();
    const boundMs = handoverBoundMs(config.outboxRelayLeaseMs, RELAY_POLL_INTERVAL_MS);
    const database = await createScratchDatabase('drill_partition');
    scope.defer(() => database.drop());
    const target = new URL(database.url);
    const proxies: TcpProxy[] = [];
    const viaProxy = async () => {
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      scope.defer(() => proxy.close());
      proxies.push(proxy);
      const url = new URL(database.url);
      url.port = String(proxy.port);
      return url.toString();
    };
    const stack = await startDrillStack(scope, { label: 'drill_partition', processes: 1, databaseUrl: await viaProxy() });
    const relay = startChild({
      name: 'relay',
      module: 'bin/cli.ts',
      args: ['relay'],
      env: { NODE_ENV: 'production', REDIS_URL: stack.redisUrl, REDIS_PREFIX: stack.redisPrefix, DATABASE_URL: await viaProxy(), SECRET_KEY: stack.secretKey },
    });
    scope.watch(relay.name, relay.exited);
    scope.defer(() => relay.stop());
    // Heal before teardown, so every process can end its sessions.
    scope.defer(() => proxies.forEach((proxy) => proxy.heal()));

    const liveblog = await createDrillLiveblog(scope, database.url);
    const db = { query: <R extends object>(text: string, values: unknown[] = []) => liveblog.db.$queryRawUnsafe<R[]>(text, ...values) };
    await waitFor('both relays connected', 30_000, async () => {
      const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchyard-outbox-relay'");
      return row?.n === 2 ? true : undefined;
    });
    const fleet = startReaderFleet(scope, { urls: stack.urls, slug: liveblog.slug, clients: READERS, processes: 1 });
    const probe = await SocketCommunicator.connect(stack.urls[0] as string, { namespace: '/liveblog' });
    scope.defer(() => probe.close());
    check((await probe.request('liveblog.follow', { slug: liveblog.slug })).ok, 'the probe reader could not follow');
    const arrivals: { id: string; cursor: bigint; at: number }[] = [];
    probe.socket.on('post.published', (change: PostChange) => arrivals.push({ id: change.post.id, cursor: BigInt(change.cursor), at: performance.now() }));
    await fleet.following(60_000);

    const committedAt = new Map<string, number>();
    const post = async () => {
      await liveblog.post(1);
      committedAt.set(liveblog.ids.at(-1) as string, performance.now());
    };
    for (let i = 0; i < 5; i += 1) await post().then(() => sleep(POST_INTERVAL_MS));
    await waitFor('the first posts delivered', 10_000, () => (arrivals.length >= 5 ? true : undefined));

    const leader = await relayLeader(db);
    const partitioned = proxies.findIndex((proxy) => leader?.clientPort != null && proxy.upstreamPorts().includes(leader.clientPort));
    check(partitioned >= 0, `the relay leader (${JSON.stringify(leader)}) connects through neither proxy`);
    proxies[partitioned]?.blackhole();
    const cut = performance.now();
    scope.log(`blackholed the proxy of the leader (${partitioned === 0 ? 'the interface server' : 'the relay process'}, pid ${leader?.pid}); bound ${boundMs} ms`);
    const afterCut = () => arrivals.find((a) => (committedAt.get(a.id) ?? 0) > cut);
    while (!afterCut() || performance.now() - (afterCut()?.at ?? 0) < 2000) {
      check(performance.now() - cut < boundMs + 5000, `no post committed during the partition arrived within ${boundMs + 5000} ms`);
      await post();
      await sleep(POST_INTERVAL_MS);
    }
    const handoverMs = (afterCut()?.at ?? 0) - cut;
    const during = liveblog.ids.filter((id) => (committedAt.get(id) ?? 0) > cut);
    proxies[partitioned]?.heal();
    scope.log(`healed after ${Math.round(performance.now() - cut)} ms`);
    for (let i = 0; i < 5; i += 1) await post().then(() => sleep(POST_INTERVAL_MS));

    await waitFor('the outbox drained and both relays back', 30_000, async () => {
      const [row] = await db.query<{ unsent: number; relays: number }>(
        "SELECT (SELECT count(*)::int FROM outbox_events WHERE sent_at IS NULL) AS unsent, (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchyard-outbox-relay') AS relays",
      );
      return row?.unsent === 0 && row.relays === 2 ? true : undefined;
    });
    const tally = await fleet.settled(liveblog.ids, 30_000);
    const latency = during.map((id) => (arrivals.find((a) => a.id === id)?.at ?? Infinity) - (committedAt.get(id) ?? 0));
    const worstMs = Math.max(...latency);
    let highest = 0n;
    const seen = new Set<string>();
    let behind = 0;
    for (const arrival of arrivals) {
      if (!seen.has(arrival.id) && arrival.cursor < highest) behind += 1;
      seen.add(arrival.id);
      if (arrival.cursor > highest) highest = arrival.cursor;
    }
    check(handoverMs <= boundMs, `delivery resumed ${Math.round(handoverMs)} ms after the partition, over the bound of ${boundMs} ms`);
    check(worstMs <= boundMs, `a post committed during the partition took ${Math.round(worstMs)} ms to arrive, over the bound of ${boundMs} ms`);
    check(behind === 0, `${behind} posts arrived behind a later one`);
    check(tally.resets === 0, `${tally.resets} catch-ups answered reset`);
    return {
      lost: tally.lost + during.filter((id) => !seen.has(id)).length,
      duplicated: tally.duplicated,
      crashed: scope.crashed().length,
      notes: [
        `handover ${(handoverMs / 1000).toFixed(1)} s after the partition (bound ${(boundMs / 1000).toFixed(1)} s: lease ${config.outboxRelayLeaseMs} ms + 2 polls + 1 s)`,
        `${during.length} posts committed during the partition, slowest delivered after ${(worstMs / 1000).toFixed(1)} s; ${liveblog.ids.length} posts in all`,
        `${READERS} readers, ${tally.complete} hold exactly the committed posts; probe: ${arrivals.length - seen.size} repeated copies on the wire, ${behind} out of order`,
      ],
    };
  },
};
