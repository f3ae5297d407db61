import { randomBytes, randomUUID } from 'node:crypto';
import { startPrivateRedisCluster } from '../harness/redis-cluster/private-cluster.ts';
import { sleep } from '../bench/lib/clock.ts';
import { liveblogGroup } from '../server/features/liveblog/liveblog-protocol.ts';
import { groupRoom } from '../server/layer/rooms.ts';
import { DEFAULT_PUBSUB_PARTITIONS, roomChannel } from '../server/layer/sharded-channels.ts';
import { pubsubKey } from '../server/layer/sockets-publisher.ts';
import { generatedCsv, uploadCsv } from '../server/testing/job-client.ts';
import { spawnWorker } from '../server/testing/spawn-worker.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { joinChatMembers } from './chat-members.ts';
import { info, ownerOf, promoted, replicasLinked, slotOf } from './cluster-admin.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { createDrillLiveblog, startDrillStack } from './drill-stack.ts';
import { watchJobs } from './job-watcher.ts';
import { startReaderFleet } from './reader-fleet.ts';

const READERS = 20;
const CHAT_MEMBERS = 4;
// Traffic goes on this long after the replica took over.
const AFTER_FAILOVER_MS = 3000;

/**
 * kill -9 of a Redis Cluster primary under traffic, on a 6-node cluster of
 * the drill's own (harness/redis-cluster/private-cluster.ts, node timeout
 * 2 s). Two interface servers, a worker running a job, 20 liveblog readers
 * and 4 chat members spread over both servers. The drill kills the primary
 * owning the slot of the liveblog group's pub/sub partition (every post
 * reaches every reader through it; sharded-channels.ts), once it has served
 * the posts sent so far and every replica's link is up; the chat room's and
 * the job client's partitions are wherever their names hash to (each
 * primary owns some partitions of every namespace, so every server is
 * interrupted whichever primary dies). Posts and chat messages are committed before, during and
 * after the failover; no process is restarted. Every reader and member must
 * end with exactly the committed posts and acknowledged messages, and each
 * job's `job.completed` must arrive once.
 */
export const redisFailoverDrill: Drill = {
  name: 'redis-failover',
  async run(scope) {
    const cluster = await startPrivateRedisCluster();
    scope.defer(() => cluster.stop());
    const [askPort] = cluster.ports as [number];
    const prefix = `sy-drill-${randomBytes(4).toString('hex')}`;
    const env = { REDIS_CLUSTER_NODES: cluster.nodes };
    const redisUrl = `redis://127.0.0.1:${askPort}`;
    const stack = await startDrillStack(scope, { label: 'drill_failover', processes: 2, redisUrl, redisPrefix: prefix, env });
    const workerEnv = { ...env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DATABASE_URL: stack.databaseUrl, WORKER_METRICS_PORT: '0', WORKER_CONCURRENCY: '1' };
    const worker = await spawnWorker(['bigdata.process'], { env: workerEnv });
    scope.watch('worker', worker.exited);
    scope.defer(() => worker.stop());

    const liveblog = await createDrillLiveblog(scope, stack.databaseUrl);
    const slot = await slotOf(askPort, roomChannel(pubsubKey(prefix), '/liveblog', groupRoom(liveblogGroup(liveblog.slug)), DEFAULT_PUBSUB_PARTITIONS));
    const victim = await ownerOf(askPort, slot);
    const fleet = startReaderFleet(scope, { urls: stack.urls, slug: liveblog.slug, clients: READERS, processes: 1 });
    const chat = await joinChatMembers(scope, stack.urls, CHAT_MEMBERS);
    await fleet.following(30_000);
    const [url] = stack.urls as [string];
    const client = await watchJobs(scope, url, stack.secretKey);
    const running = (await uploadCsv(url, client, generatedCsv(700_000), 'big.csv')).body.jobId ?? '';
    const job = (id: string) => liveblog.db.job.findUnique({ where: { id }, select: { state: true, fraction: true } });
    await waitFor('the job running', 30_000, async () => ((await job(running))?.state === 'active' ? true : undefined));
    await liveblog.post(5);
    for (let i = 0; i < 5; i += 1) await chat.say(`before ${i + 1}`);

    const publishes = (await spublishCalls(cluster.ports)).get(victim) ?? 0;
    check(publishes >= 5, `the primary on ${victim}, owning the liveblog group's partition, served ${publishes} SPUBLISH, fewer than the 5 posts`);
    await replicasLinked(cluster.ports, 20_000);
    process.kill(await cluster.pidOf(victim), 'SIGKILL');
    const killedAt = Date.now();
    scope.log(`killed the primary on port ${victim} (slot ${slot}: the liveblog group's partition) with SIGKILL`);

    let traffic = true;
    const sentAfterKill: string[] = [];
    const posting = (async () => {
      while (traffic) await liveblog.post(1, 200);
    })();
    const chatting = (async () => {
      for (let i = 1; traffic; i += 1) {
        sentAfterKill.push(await chat.say(`during ${i}`));
        await sleep(200);
      }
    })();
    const survivor = cluster.ports.find((port) => port !== victim) as number;
    const heir = await promoted(survivor, slot, victim, 30_000);
    const promotedMs = Date.now() - killedAt;
    scope.log(`the replica on ${heir} owns slot ${slot} after ${promotedMs} ms`);
    await sleep(AFTER_FAILOVER_MS);
    traffic = false;
    await Promise.all([posting, chatting]);
    await liveblog.post(5);
    for (let i = 0; i < 5; i += 1) sentAfterKill.push(await chat.say(`after ${i + 1}`));

    const after = (await uploadCsv(url, client, 'x\n1\n2\n', `after-${randomUUID()}.csv`)).body.jobId ?? '';
    check(after !== '', 'a job could not be submitted after the failover');
    const jobs = [running, after];
    for (const id of jobs) await client.completed(id, 60_000).catch(() => scope.log(`no job.completed for ${id}`));
    await waitFor('the jobs recorded as completed', 20_000, async () => ((await Promise.all(jobs.map(job))).every((s) => s?.state === 'completed') ? true : undefined));
    await client.drain(stack.layer);
    const tally = await fleet.settled(liveblog.ids, 30_000);
    const chatTally = await chat.settled(30_000);
    const firstSeen = Math.min(...sentAfterKill.map((id) => chat.firstSeen(id) ?? Infinity));
    const jobsLost = jobs.filter((id) => client.completions(id) === 0).length;
    const jobsDuplicated = jobs.reduce((n, id) => n + Math.max(0, client.completions(id) - 1), 0);
    return {
      lost: tally.lost + chatTally.lost + jobsLost,
      duplicated: tally.duplicated + chatTally.duplicated + jobsDuplicated,
      crashed: scope.crashed().length,
      notes: [
        `killed the primary owning slot ${slot} (the liveblog group's partition); replica promoted after ${(promotedMs / 1000).toFixed(1)} s; first delivery after ${((firstSeen - killedAt) / 1000).toFixed(1)} s`,
        `${READERS} readers on 2 servers: ${liveblog.ids.length} posts, ${tally.complete} readers hold exactly them (${tally.reconnects} reconnects)`,
        `${chatTally.members} chat members: ${chatTally.acknowledged} messages, ${chatTally.complete} members hold exactly them (${chatTally.reconnects} reconnects, ${chatTally.rebroadcasts} resends broadcast again)`,
        `job.completed for the job running across the failover: ${client.completions(running)}; submitted after: ${client.completions(after)}`,
      ],
    };
  },
};

/** SPUBLISH calls served so far, per node port. */
async function spublishCalls(ports: readonly number[]): Promise<Map<number, number>> {
  const stats = await Promise.all(ports.map((port) => info(port, 'commandstats')));
  return new Map(ports.map((port, i) => [port, Number(/calls=(\d+)/.exec(stats[i]?.get('cmdstat_spublish') ?? '')?.[1] ?? 0)]));
}
