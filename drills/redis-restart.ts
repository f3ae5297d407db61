import { randomUUID } from 'node:crypto';
import { waitFor } from '../server/testing/wait-for.ts';
import { generatedCsv, uploadCsv } from '../server/testing/job-client.ts';
import { startPrivateRedis } from '../server/testing/private-redis.ts';
import { spawnWorker } from '../server/testing/spawn-worker.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { watchJobs } from './job-watcher.ts';
import { createDrillLiveblog, healthOf, startDrillStack } from './drill-stack.ts';
import { startReaderFleet } from './reader-fleet.ts';

const WARM_UP_REPLIES = 50;

/**
 * Redis dies (kill -9, no persistence: its data is gone) and comes back while
 * two interface servers and a worker run — on a private redis-server, never the
 * shared one. No process is restarted. While it is down the servers answer 503
 * on /healthz and posts committed meanwhile wait in the outbox; once it is back
 * the servers write their sockets' group memberships back and make their
 * clients reconnect to catch up (server/layer/redis-recovery.ts): the readers
 * get every post, also those relayed before their server had resubscribed;
 * the job client (the app's realtime client, 50 reply messages into its
 * sequence, which the empty Redis restarts at 1) gets the running job's
 * `job.completed` exactly once, and the one that waited in the emptied queue
 * (put back by the worker, workers/lost-jobs.ts) once too; and a job
 * submitted afterwards completes.
 */
export const redisRestartDrill: Drill = {
  name: 'redis-restart',
  async run(scope) {
    const redis = await startPrivateRedis();
    scope.defer(() => redis.kill());
    const stack = await startDrillStack(scope, { label: 'drill_redis', processes: 2, redisUrl: redis.url });
    // One job at a time: a second job waits in the queue, which the restart empties.
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: stack.redisPrefix, DATABASE_URL: stack.databaseUrl, WORKER_METRICS_PORT: '0', WORKER_CONCURRENCY: '1' };
    const worker = await spawnWorker(['bigdata.process'], { env: env });
    scope.watch('worker', worker.exited);
    scope.defer(() => worker.stop());
    const liveblog = await createDrillLiveblog(scope, stack.databaseUrl);
    const fleet = startReaderFleet(scope, { urls: stack.urls, slug: liveblog.slug, clients: 20, processes: 1 });
    await fleet.following(30_000);
    await liveblog.post(5);

    const [url] = stack.urls as [string];
    const client = await watchJobs(scope, url, stack.secretKey);
    // The client is well into its reply sequence; the restarted Redis counts from 1 again.
    for (let i = 0; i < WARM_UP_REPLIES; i += 1) {
      await stack.layer.send(client.replyChannel, 'job.progress', { jobId: 'warm-up', channel: 'report.render', progress: { fraction: i / WARM_UP_REPLIES } });
    }
    await waitFor('the warm-up replies', 10_000, () => client.progress('warm-up') === WARM_UP_REPLIES || undefined);
    const running = (await uploadCsv(url, client, generatedCsv(700_000), 'big.csv')).body.jobId ?? '';
    const job = (id: string) => liveblog.db.job.findUnique({ where: { id }, select: { state: true, fraction: true } });
    await waitFor('the job running', 30_000, async () => ((await job(running))?.state === 'active' ? true : undefined));
    const waiting = (await uploadCsv(url, client, 'y\n3\n4\n', `waiting-${randomUUID()}.csv`)).body.jobId ?? '';

    const unsentRows = () => liveblog.db.outboxEvent.count({ where: { sentAt: null } });
    await waitFor('the first posts relayed', 20_000, async () => ((await unsentRows()) === 0 ? true : undefined));
    await redis.kill();
    scope.log('killed redis-server with SIGKILL');
    const allHealth = () => Promise.all(stack.urls.map(healthOf));
    await waitFor('503 from every /healthz', 10_000, async () => ((await allHealth()).every((h) => h.status === 503 && h.body.redis === 'down') ? true : undefined));
    await liveblog.post(5);
    const unsent = await unsentRows();
    check(unsent === 5, `${unsent} outbox rows wait unsent during the outage, not the 5 committed meanwhile`);
    const [during, waitingDuring] = [await job(running), await job(waiting)];
    check(waitingDuring?.state === 'queued', `the second job was ${waitingDuring?.state} during the outage, not queued`);
    await redis.start();
    scope.log(`redis-server is back (empty); the job was ${during?.state} at ${((during?.fraction ?? 0) * 100).toFixed(0)} % while it was down, the second one queued`);
    await waitFor('200 from every /healthz', 20_000, async () => ((await allHealth()).every((h) => h.status === 200) ? true : undefined));
    await liveblog.post(5);

    const tally = await fleet.settled(liveblog.ids, 60_000);
    await client.completed(running, 60_000).catch(() => scope.log('no job.completed for the job running across the restart'));
    await client.completed(waiting, 60_000).catch(() => scope.log('no job.completed for the job queued across the restart'));
    const after = (await uploadCsv(url, client, 'x\n1\n2\n', `after-${randomUUID()}.csv`)).body.jobId ?? '';
    check(after !== '', 'a job could not be submitted after the restart');
    await client.completed(after, 60_000).catch(() => scope.log('no job.completed for the job submitted after the restart'));
    const jobs = [running, waiting, after];
    // The jobs are done: nothing can announce them any more.
    await waitFor('the jobs recorded as completed', 20_000, async () => {
      const states = await Promise.all(jobs.map(job));
      return states.every((s) => s?.state === 'completed') ? true : undefined;
    });
    await client.drain(stack.layer);
    const jobsLost = jobs.filter((id) => client.completions(id) === 0).length;
    const jobsDuplicated = jobs.reduce((n, id) => n + Math.max(0, client.completions(id) - 1), 0);
    return {
      lost: tally.lost + jobsLost,
      duplicated: tally.duplicated + jobsDuplicated,
      crashed: scope.crashed().length,
      notes: [
        `20 readers on 2 servers: ${liveblog.ids.length} posts (5 committed while Redis was down), ${tally.complete} readers hold exactly them`,
        `job.completed for the job running across the restart: ${client.completions(running)}; queued across it: ${client.completions(waiting)}; submitted after: ${client.completions(after)}`,
      ],
    };
  },
};
