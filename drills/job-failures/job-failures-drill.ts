import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deleteKeys } from '../../bench/lib/redis-cleanup.ts';
import { freePort } from '../../server/testing/free-port.ts';
import { createScratchDatabase } from '../../server/testing/scratch-database.ts';
import { waitFor } from '../../server/testing/wait-for.ts';
import { JOB_ATTEMPTS } from '../../server/layer/worker-queues.ts';
import { JOB_FAILURES } from '../../server/protocol/job-failures.ts';
import type { JobFailureCode } from '../../server/protocol/job-failures.ts';
import { childrenOf, isRunning } from '../../server/testing/child-processes.ts';
import { uploadCsv } from '../../server/testing/job-client.ts';
import { spawnWorker } from '../../server/testing/spawn-worker.ts';
import { startTestServer } from '../../server/testing/test-server.ts';
import { check } from '../drill.ts';
import type { Drill } from '../drill.ts';
import { watchJobs } from '../job-watcher.ts';

const TIMEOUT_MS = 3000;
const HEAP_MB = 64;

/** One failure kind: the CSV whose job meets it, and what the drill does around the job. */
type FailureKind = {
  name: string;
  code: JobFailureCode;
  csv: string;
  /** Before the job is submitted (a marker file, idle job processes killed). */
  before?(): Promise<void>;
  /** While the job runs, until its `job.failed` (kill -9 of its process on every attempt). */
  during?(jobId: string): Promise<void>;
  /** Once it failed, before the next job (the marker removed). */
  after?(): Promise<void>;
};

/**
 * Every way a job process can fail, one after the other against ONE worker
 * process (serving `bigdata.process` in job processes, one job at a time,
 * and `report.render` in-process) that loads the drill's failing processors
 * (drill-processors.ts, through WORKER_PROCESSORS): a module that no longer
 * loads, a process that exits before it is ready, a heap filled
 * (JOB_HEAP_MB=64), a loop past the time limit (JOB_TIMEOUT_MS=3000),
 * `kill -9` of the job's process on each attempt, an uncaught exception.
 * For each, the client gets exactly one `job.failed` with the kind's code,
 * after JOB_ATTEMPTS attempts if the code is retried, else after one; Bull
 * Board's `failedReason` starts with the code; and a second job on the same
 * worker completes. Then a report job completes on the other channel, and
 * the worker process never exited.
 */
export const jobFailuresDrill: Drill = {
  name: 'job-failures',
  async run(scope) {
    const database = await createScratchDatabase('drill_job_failures');
    scope.defer(() => database.drop());
    const server = await startTestServer({ DATABASE_URL: database.url, JOBS_PER_CLIENT: '100', JOBS_PER_ADDRESS: '100', UPLOADS_PER_MINUTE: '1000' });
    scope.defer(() => deleteKeys(server.config.redisUrl, server.config.redisPrefix));
    scope.defer(() => server.close());
    const markers = await mkdtemp(join(tmpdir(), 'sy-drill-markers-'));
    scope.defer(() => rm(markers, { recursive: true, force: true }));
    const metricsUrl = `http://127.0.0.1:${await freePort()}/metrics`;
    const worker = await spawnWorker(['bigdata.process', 'report.render'], {
      env: {
        REDIS_PREFIX: server.config.redisPrefix,
        DATABASE_URL: database.url,
        WORKER_METRICS_PORT: new URL(metricsUrl).port,
        WORKER_CONCURRENCY: '1',
        JOB_HEAP_MB: String(HEAP_MB),
        JOB_TIMEOUT_MS: String(TIMEOUT_MS),
        WORKER_PROCESSORS: 'drills/job-failures/drill-processors.ts',
        DRILL_MARKERS: markers,
      },
    });
    scope.defer(() => worker.stop('SIGKILL'));
    scope.watch('worker', new Promise((resolve) => worker.child.once('exit', resolve)));
    const workerPid = worker.child.pid ?? 0;
    const client = await watchJobs(scope, server.url, server.config.secretKey);
    const queue = server.app.queues.all().find((q) => q.name === 'bigdata.process');
    check(queue !== undefined, 'the server has no bigdata.process queue');

    const killJobProcesses = async () => {
      const pids = childrenOf(workerPid);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await waitFor('the job processes gone', 10_000, () => !pids.some(isRunning) || undefined);
    };
    const startable = async () => /switchyard_job_processes_startable\{[^}]*channel="bigdata.process"[^}]*\} (\d)/.exec(await (await fetch(metricsUrl)).text())?.[1];
    const marker = (name: string) => ({
      // Only a new job process loads the module: the idle one goes first.
      before: async () => {
        await killJobProcesses();
        await writeFile(join(markers, name), '');
      },
      after: () => rm(join(markers, name)),
    });
    const kinds: FailureKind[] = [
      { name: 'module load error', code: 'processor_unavailable', csv: 'x\n1\n', ...marker('broken') },
      { name: 'start failure', code: 'start_failed', csv: 'x\n1\n', ...marker('no-start') },
      { name: 'out of memory', code: 'out_of_memory', csv: 'drill:allocate\n' },
      { name: 'loop past the time limit', code: 'timed_out', csv: 'drill:loop\n' },
      {
        name: 'kill -9 of its job process',
        code: 'killed',
        csv: 'drill:hang\n',
        async during(jobId) {
          for (let attempt = 1; attempt <= JOB_ATTEMPTS; attempt += 1) {
            await waitFor(`attempt ${attempt} running`, 20_000, () => client.progress(jobId) >= attempt || undefined);
            await killJobProcesses();
          }
        },
      },
      { name: 'uncaught exception', code: 'crashed', csv: 'drill:throw\n' },
    ];

    const notes: string[] = [];
    let lost = 0;
    let duplicated = 0;
    // Every job submitted, and the one event its client must get exactly once.
    const expected: { jobId: string; event: 'failed' | 'completed' }[] = [];
    for (const kind of kinds) {
      await kind.before?.();
      const started = performance.now();
      const { body } = await uploadCsv(server.url, client, kind.csv, `${kind.code}.csv`);
      const jobId = body.jobId ?? '';
      check(jobId !== '', `${kind.name}: the upload was refused: ${JSON.stringify(body)}`);
      await Promise.all([kind.during?.(jobId), client.failed(jobId, 60_000).catch(() => scope.log(`${kind.name}: no job.failed for ${jobId}`))]);
      const failedAfter = (performance.now() - started) / 1000;
      if (kind.code === 'start_failed') check((await startable()) === '0', 'start failure: /metrics does not say job processes cannot start');
      await kind.after?.();

      const next = (await uploadCsv(server.url, client, 'x\n1\n2\n', 'next.csv')).body.jobId ?? '';
      await client.completed(next, 30_000).catch(() => scope.log(`${kind.name}: the next job ${next} did not complete`));
      const bull = await queue.getJob(jobId);
      const record = await server.db.job.findUnique({ where: { id: jobId }, select: { state: true, errorCode: true, error: true } });
      const codes = client.failures(jobId);
      const attempts = JOB_FAILURES[kind.code].retried ? JOB_ATTEMPTS : 1;
      check(codes.every((code) => code === kind.code), `${kind.name}: job.failed came with ${codes.join(', ')}, not ${kind.code}`);
      check(bull?.attemptsMade === attempts, `${kind.name}: ${bull?.attemptsMade} attempts, not ${attempts}`);
      check(bull.failedReason.startsWith(`${kind.code}: `), `${kind.name}: Bull Board's failedReason is "${bull.failedReason}"`);
      check(record?.state === 'failed' && record.errorCode === kind.code, `${kind.name}: the job's record is ${JSON.stringify(record)}`);
      expected.push({ jobId, event: 'failed' }, { jobId: next, event: 'completed' });
      notes.push(`${kind.name}: job.failed ${kind.code} after ${attempts} attempt(s), ${failedAfter.toFixed(1)} s ("${record.error}"); the next job completed`);
    }
    const said = (text: string) => worker.output().split(text).length - 1;
    check(said('cannot start job processes') === 1, `the worker said ${said('cannot start job processes')} times that it could not start job processes, not once`);
    check(said('job processes start again') === 1, 'the worker did not say once that job processes start again');
    check((await startable()) === '1', '/metrics still says job processes cannot start');

    const report = await client.requestReport(expected.at(-1)?.jobId ?? '');
    expected.push({ jobId: report, event: 'completed' });
    await client.completed(report, 30_000).catch(() => scope.log(`the report ${report} did not complete`));
    await waitFor('the queue drained', 20_000, async () => ((await server.app.queues.depth('bigdata.process')) === 0 ? true : undefined));
    await client.drain(server.server.layer);
    for (const { jobId, event } of expected) {
      const wanted = event === 'failed' ? client.failures(jobId).length : client.completions(jobId);
      if (wanted === 0) lost += 1;
      duplicated += Math.max(0, client.failures(jobId).length + client.completions(jobId) - 1);
    }
    check(worker.child.exitCode === null && worker.child.signalCode === null, 'the worker process exited');
    return { lost, duplicated, crashed: scope.crashed().length, notes };
  },
};
