import { deleteKeys } from '../bench/lib/redis-cleanup.ts';
import { createScratchDatabase } from '../server/testing/scratch-database.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import { generatedCsv, uploadCsv } from '../server/testing/job-client.ts';
import { spawnWorker } from '../server/testing/spawn-worker.ts';
import { startTestServer } from '../server/testing/test-server.ts';
import { check } from './drill.ts';
import type { Drill } from './drill.ts';
import { watchJobs } from './job-watcher.ts';

/**
 * kill -9 a worker mid-job: the job's lock expires (JOB_LOCK_MS), another
 * worker runs it again, and the client that submitted it gets exactly one
 * `job.completed` (the outcome is claimed once in PostgreSQL). The same case
 * as server/features/jobs/worker-failures.test.ts, as a drill with its counts.
 */
export const workerKillDrill: Drill = {
  name: 'worker-kill',
  async run(scope) {
    const database = await createScratchDatabase('drill_worker');
    scope.defer(() => database.drop());
    const server = await startTestServer({ DATABASE_URL: database.url });
    scope.defer(() => deleteKeys(server.config.redisUrl, server.config.redisPrefix));
    scope.defer(() => server.close());
    const env = { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: database.url, JOB_LOCK_MS: '1500', WORKER_METRICS_PORT: '0' };
    const doomed = await spawnWorker(['bigdata.process'], { env: env });
    scope.defer(() => doomed.stop('SIGKILL'));

    const client = await watchJobs(scope, server.url, server.config.secretKey);
    const { body } = await uploadCsv(server.url, client, generatedCsv(600_000), 'big.csv');
    const jobId = body.jobId ?? '';
    check(jobId !== '', `the upload was refused: ${JSON.stringify(body)}`);
    const record = () => server.db.job.findUnique({ where: { id: jobId }, select: { state: true, notifiedAt: true } });
    await waitFor('the job running', 20_000, async () => ((await record())?.state === 'active' ? true : undefined));
    await doomed.stop('SIGKILL');
    scope.log('killed the worker running the job');

    const heir = await spawnWorker(['bigdata.process'], { env: env });
    scope.watch('second worker', new Promise((resolve) => heir.child.once('exit', resolve)));
    scope.defer(() => heir.stop());
    await client.completed(jobId, 60_000).catch(() => scope.log(`no job.completed for ${jobId}`));
    // Once the queue is empty no worker can announce anything more.
    await waitFor('the queue drained', 20_000, async () => ((await server.app.queues.depth('bigdata.process')) === 0 ? true : undefined));
    await client.drain(server.server.layer);
    const completions = client.completions(jobId);
    const final = await record();
    check(final?.state === 'completed' && final.notifiedAt !== null, `the job's record is ${JSON.stringify(final)}, not completed`);
    return {
      lost: completions === 0 ? 1 : 0,
      duplicated: Math.max(0, completions - 1),
      crashed: scope.crashed().length,
      notes: [`job ${jobId}: ${client.progress(jobId)} job.progress, ${completions} job.completed at the client`],
    };
  },
};
