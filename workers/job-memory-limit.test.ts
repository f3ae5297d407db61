import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repliesUntil, uploadCsv } from '../server/testing/job-client.ts';
import { spawnWorker } from '../server/testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../server/testing/switchyard-process.ts';
import { startTestServer } from '../server/testing/test-server.ts';
import type { TestServer } from '../server/testing/test-server.ts';

/**
 * A free-text column of distinct words, `bytes` long: its top words are
 * counted in a Map of every distinct word, about 130 MB of heap for 10 MB.
 */
function freeTextCsv(bytes: number): string {
  let word = 0;
  const line = () => Array.from({ length: 8 }, () => `w${(word++).toString(36)}`).join(' ');
  const lines = ['review'];
  for (let size = 7; size < bytes; size += lines.at(-1)!.length + 1) lines.push(line());
  return `${lines.join('\n')}\n`;
}

const HEAP_MB = 64;

/**
 * A job that needs more memory than a job may have fails alone: the worker
 * process that ran it lives on and runs the next job.
 */
describe('a bigdata job over the memory limit of its job', () => {
  let server: TestServer;
  let worker: SwitchyardProcess;
  beforeAll(async () => {
    server = await startTestServer();
    worker = await spawnWorker(['bigdata.process'], {
      env: {
        REDIS_PREFIX: server.config.redisPrefix,
        DATABASE_URL: server.config.databaseUrl,
        WORKER_CONCURRENCY: '1',
        WORKER_METRICS_PORT: '0',
        JOB_HEAP_MB: String(HEAP_MB),
      },
    });
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await server?.close();
  });

  it('fails that job once with out_of_memory and a reason that says what to do; the worker runs the next job', async () => {
    const client = await server.connect({ namespace: '/jobs' });
    const big = await uploadCsv(server.url, client, freeTextCsv(10_000_000), 'reviews.csv');
    expect(big.status).toBe(202);
    const replies = await repliesUntil(client, 'job.failed', 60_000);
    expect(replies.at(-1)?.payload).toMatchObject({ jobId: big.body.jobId, channel: 'bigdata.process', code: 'out_of_memory' });
    expect(String(replies.at(-1)?.payload.reason)).toMatch(new RegExp(`more than the ${HEAP_MB} MB .*JOB_HEAP_MB.*smaller`));
    expect(await server.db.job.findUnique({ where: { id: big.body.jobId ?? '' } })).toMatchObject({ state: 'failed', errorCode: 'out_of_memory' });

    const small = await uploadCsv(server.url, client, 'x\n1\n2\n');
    const next = await repliesUntil(client, 'job.completed', 30_000);
    expect(next.at(-1)?.payload).toMatchObject({ jobId: small.body.jobId, result: { rowCount: 2 } });
    expect([...replies, ...next].filter((m) => m.event === 'job.failed')).toHaveLength(1);
    expect(worker.child.exitCode).toBeNull();
    expect(worker.child.signalCode).toBeNull();
  }, 120_000);
});
