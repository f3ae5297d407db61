import { loadavg } from 'node:os';
import { createPrismaClient } from '../prisma/client.ts';
import { loadConfig } from '../server/config.ts';
import { createWorkerQueues } from '../server/layer/worker-queues.ts';
import { generatedCsv } from '../server/testing/job-client.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import { queueBatch } from './jobs-batch.ts';
import type { ChatPhase } from './jobs-chat-probe.ts';
import { awaitCompletions, submitBigdata, submitReport } from './jobs-client.ts';
import { inPhase } from './jobs-phase.ts';
import { jobsReport } from './jobs-report.ts';
import { measureRoundTrips } from './jobs-round-trip.ts';
import { UsageRequested } from './lib/args.ts';
import { benchDatabase } from './lib/bench-database.ts';
import { startChild } from './lib/children.ts';
import type { Child } from './lib/children.ts';
import { sleep } from './lib/clock.ts';
import { parseIntOptions } from './lib/int-options.ts';
import { deleteKeys } from './lib/redis-cleanup.ts';
import { machineInfo } from './lib/report.ts';
import { runBench } from './lib/run-bench.ts';
import { startSwitchyardServers } from './lib/servers.ts';
import { round } from './lib/stats.ts';
import { startSwitchyardWorker } from './lib/workers.ts';
import { app } from '../server/features/index.ts';

/**
 * `npm run bench:jobs`: Switchyard's worker channels against real Redis,
 * PostgreSQL, BullMQ and Socket.IO, on loopback, with one interface server
 * (server/main.ts --no-pages, production) and worker processes
 * (workers/main.ts, WORKER_CONCURRENCY=1):
 *  (a) round trip of trivial jobs, one at a time, submit → `job.completed`;
 *  (b) bigdata.process throughput with 1, 2, 2, then 1 worker process(es),
 *      nothing else running;
 *  (c) the interface server's event-loop delay and chat latency, idle and
 *      while two worker processes are saturated by a further batch (between
 *      the second and the last batch of (b)).
 */
const USAGE = `usage: npm run -s bench:jobs -- [options]
  --round-trips N       measured trivial jobs per kind (default 200)
  --warmup W            unmeasured trivial jobs before them, so the measured ones run warm (default 200)
  --rows R              rows of the generated CSV of each throughput job (default 400000, 9.6 MB)
  --jobs J              jobs per throughput batch (default 48)
  --chat-clients C      chat clients in the probe's room (default 4)
  --chat-interval-ms T  time between one client's messages (default 250; the limit is 5/s)
  --idle-ms I           length of the idle baseline (default 5000)
  --timeout-s H         hard limit for the whole run (default 600)`;

// Two data rows: the smallest real bigdata.process job.
const TINY_CSV = 'city,temp\nOslo,3\nRome,18\n';
const log = (line: string) => process.stderr.write(`[bench:jobs] ${line}\n`);

type Args = ReturnType<typeof parse>;

function parse(argv: string[]) {
  return parseIntOptions(
    argv,
    {
      'round-trips': { default: 200, min: 1 },
      warmup: { default: 200, min: 0 },
      rows: { default: 400_000, min: 1 },
      jobs: { default: 48, min: 2 },
      'chat-clients': { default: 4, min: 1 },
      'chat-interval-ms': { default: 250, min: 200 },
      'idle-ms': { default: 5000, min: 1000 },
      'timeout-s': { default: 600, min: 10 },
    },
    USAGE,
  );
}

async function main(args: Args): Promise<object> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg().map((l) => round(l));
  const config = loadConfig();
  const databaseUrl = await benchDatabase(config.databaseUrl);
  const redisPrefix = `sy-bench-jobs-${process.pid}`;
  const room = `bench-jobs-${process.pid}`;
  const db = createPrismaClient(databaseUrl, { hooks: app.hooks });
  const queues = createWorkerQueues({ channels: app.workerChannelNames, redis: config.queueRedis, prefix: redisPrefix, history: config.queueHistory });
  const bigdataQueue = queues.all().find((queue) => queue.name === 'bigdata.process');
  if (!bigdataQueue) throw new Error('no bigdata.process queue');
  const children: Child[] = [];
  let client: SocketCommunicator | undefined;
  try {
    const services = { redisUrl: config.redisUrl, redisPrefix, databaseUrl };
    // One client submits every job, back to back: lift the per-client limits.
    const limits = {
      JOBS_PER_CLIENT: '1000',
      JOBS_PER_ADDRESS: '1000',
      UPLOADS_PER_MINUTE: '100000',
      UPLOADS_IN_FLIGHT: '1000',
      UPLOADS_IN_FLIGHT_PER_ADDRESS: '1000',
      ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS: String(2 ** 40),
      ANONYMOUS_UPLOAD_BYTES_TOTAL: String(2 ** 40),
      RATE_LIMIT_PER_SECOND: '1000',
      RATE_LIMIT_BURST: '1000',
    };
    const set = await startSwitchyardServers({ ...services, processes: 1, profileDir: undefined, env: limits });
    children.push(...set.servers);
    const url = set.urls[0] as string;
    // SECRET_KEY as the server's: a deployment's processes share it.
    const workerEnv = { WORKER_CONCURRENCY: '1', SECRET_KEY: set.publisher.env.SECRET_KEY ?? '' };
    const workerSetup = { ...services, channels: ['bigdata.process', 'report.render'], env: workerEnv };
    children.push(await startSwitchyardWorker('worker-1', workerSetup, bigdataQueue, 1));
    const jobs = (client = await SocketCommunicator.connect(url, { namespace: '/jobs' }));

    log(`(a) round trips: ${args.warmup} + ${args['round-trips']} report.render, then as many 2-row bigdata.process uploads`);
    const roundTrips = async (name: string, submit: (index: number) => Promise<string>) => {
      await measureRoundTrips(jobs, submit, args.warmup);
      return inPhase(name, { url, processes: children }, () => measureRoundTrips(jobs, submit, args['round-trips']));
    };
    const source = await submitBigdata(url, jobs, TINY_CSV, 'tiny.csv');
    await awaitCompletions(jobs, [source], 30_000);
    const reportRender = await roundTrips('reportRender', () => submitReport(jobs, source));
    const bigdataUpload = await roundTrips('bigdataUpload', (i) => submitBigdata(url, jobs, TINY_CSV, `tiny-${i}.csv`));

    const csv = generatedCsv(args.rows);
    const batch = async (name: string, processes: number, chatProbe?: Child) => {
      // Warm-up: twelve full jobs per process, so that a process started just before (worker-2) runs the
      // timed batch with its processor compiled and its heap grown, as a long-running pool does. With
      // four, the first two-process batch cost 3-10% more CPU per job than the second, in six runs of six.
      await (await queueBatch(db, url, jobs, bigdataQueue, csv, 12 * processes)).run();
      const queued = await queueBatch(db, url, jobs, bigdataQueue, csv, args.jobs);
      log(`${chatProbe ? '(c)' : '(b)'} ${args.jobs} jobs of ${args.rows} rows on ${processes} worker process(es)`);
      return inPhase(name, { url, processes: children, chatProbe }, () => queued.run());
    };
    // (b) A B B A: the machine's speed drifts over a run (a shared host's neighbours), and this order
    // cancels a steady drift out of the ratio of the pooled batches. Nothing else runs meanwhile.
    const oneWorker = await batch('oneWorker', 1);
    const secondWorker = await startSwitchyardWorker('worker-2', workerSetup, bigdataQueue, 2);
    children.push(secondWorker);
    const saturated = await batch('saturated', 2);
    const saturatedAgain = await batch('saturatedAgain', 2);

    log(`(c) chat probe: ${args['chat-clients']} clients, one message each per ${args['chat-interval-ms']} ms; idle baseline ${args['idle-ms']} ms`);
    const chatProbe = startChild({ name: 'chat-probe', module: 'bench/jobs-chat-probe.ts', nodeArgs: webSocketFlag() });
    children.push(chatProbe);
    await chatProbe.next('loaded', 30_000);
    chatProbe.send({ type: 'start', url, room, clients: args['chat-clients'], intervalMs: args['chat-interval-ms'] });
    await chatProbe.next('ready', 60_000);
    const idle = await inPhase('idle', { url, chatProbe, processes: children }, () => sleep(args['idle-ms']));
    const saturatedWithChat = await batch('saturatedWithChat', 2, chatProbe);
    // The report stops the probe's clients: the last batch runs without them, as the first did.
    chatProbe.send({ type: 'report' });
    const chat = (await chatProbe.next<{ type: 'report'; phases: Record<string, ChatPhase> }>('report', 30_000)).phases;

    await secondWorker.stop();
    const oneWorkerAgain = await batch('oneWorkerAgain', 1);

    return {
      bench: 'jobs',
      startedAt,
      params: { ...args, redisPrefix, interfaceServers: 1, workerConcurrency: 1 },
      machine: machineInfo(),
      loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l)) },
      ...jobsReport({
        reportRender,
        bigdataUpload,
        batch: { rows: args.rows, csvBytes: Buffer.byteLength(csv), oneWorker: [oneWorker, oneWorkerAgain], saturated: [saturated, saturatedAgain] },
        idle,
        saturatedWithChat,
        chat,
      }),
    };
  } finally {
    client?.close();
    await Promise.all(children.map((child) => child.stop()));
    await queues.close();
    await cleanDatabase(db, client?.replyChannel, room).catch((error: Error) => log(`database cleanup failed: ${error.message}`));
    await db.$disconnect();
    await deleteKeys(config.redisUrl, redisPrefix).catch((error: Error) => log(`redis cleanup failed: ${error.message}`));
  }
}

/** Deletes what the run stored (its jobs, their datasets, the chat room and its messages) and gives the datasets' space back. */
async function cleanDatabase(db: ReturnType<typeof createPrismaClient>, replyChannel: string | undefined, room: string): Promise<void> {
  await db.chatRoom.deleteMany({ where: { name: room } });
  if (!replyChannel) return;
  const datasets = await db.job.findMany({ where: { replyChannel }, select: { datasetId: true } });
  await db.job.deleteMany({ where: { replyChannel } });
  await db.dataset.deleteMany({ where: { id: { in: datasets.flatMap((d) => (d.datasetId ? [d.datasetId] : [])) } } });
  // A run stores about 1 GB of datasets; without this the table's files keep it (9 GB after a dozen runs).
  await db.$executeRawUnsafe('VACUUM datasets, dataset_chunks');
}

/** Node 20 has a WebSocket client (which the chat probe uses) only behind a flag. */
function webSocketFlag(): string[] {
  return typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
}

try {
  const args = parse(process.argv.slice(2));
  runBench('jobs', args['timeout-s'], () => main(args));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof UsageRequested ? 0 : 1);
}
