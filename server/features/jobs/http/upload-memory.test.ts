import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../../../prisma/client.ts';
import { MAX_CSV_BYTES } from '../bigdata-protocol.ts';
import { uploadCsv } from '../../../testing/job-client.ts';
import { SocketCommunicator } from '../../../testing/socket-communicator.ts';
import { spawnInterfaceServer } from '../../../testing/spawn-server.ts';
import type { SpawnedServer } from '../../../testing/spawn-server.ts';
import { testDatabaseUrl } from '../../../testing/test-database.ts';
import { app } from '../../index.ts';

const UPLOADS = 8;
const MiB = 1024 * 1024;
/**
 * What the server may grow by, at its peak, while it receives the uploads:
 * less than half of one copy of each file. Measured here: about 37 MiB with
 * 256 KiB chunks (about 30 MiB of it the same for 4 uploads as for 8: more
 * pooled database connections, V8 heap growth), 66 MiB with 1 MiB chunks, and
 * 955 MiB for 4 uploads before uploads were streamed (each body held whole,
 * then copied and encoded for Prisma).
 */
const PEAK_GROWTH_BOUND = 64 * MiB;

/** Resident memory of a process from /proc (Linux): now, and the peak since the last reset. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Resets a process's peak resident memory (VmHWM) to its current RSS (Linux ≥ 4.0: `5` to clear_refs). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * Memory of an interface server process receiving several of the largest
 * uploads at once: each body goes to PostgreSQL in chunks as it arrives, so
 * the server's peak resident memory grows by a few MiB per upload, not by the
 * file (once per copy of it in memory).
 */
describe('upload memory', () => {
  let server: SpawnedServer;
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const clients: SocketCommunicator[] = [];
  beforeAll(async () => {
    server = await spawnInterfaceServer({ TRUST_PROXY: '1', JOBS_PER_CLIENT: '10', UPLOADS_IN_FLIGHT: String(UPLOADS) });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
    const replyChannels = clients.map((client) => client.replyChannel);
    const jobs = await db.job.findMany({ where: { replyChannel: { in: replyChannels } }, select: { datasetId: true } });
    await db.job.deleteMany({ where: { replyChannel: { in: replyChannels } } });
    await db.dataset.deleteMany({ where: { id: { in: jobs.flatMap((j) => (j.datasetId ? [j.datasetId] : [])) } } });
    await db.$disconnect();
  });

  it(`grows by less than ${PEAK_GROWTH_BOUND / MiB} MiB at its peak while receiving ${UPLOADS} uploads of ${MAX_CSV_BYTES / MiB} MiB at once`, { timeout: 120_000 }, async () => {
    const file = Buffer.from(`n\n${'7\n'.repeat(MAX_CSV_BYTES / 2 - 1)}`);
    const pid = server.child.pid ?? 0;
    for (let i = 0; i < UPLOADS; i += 1) clients.push(await SocketCommunicator.connect(server.url, { namespace: '/jobs' }));
    // A small upload first, so code paths loaded on first use do not count.
    expect((await uploadCsv(server.url, clients[0] as SocketCommunicator, 'n\n1\n', 'warm.csv', { 'x-forwarded-for': '2001:db8:ffff::1' })).status).toBe(202);
    resetPeak(pid);
    const before = memoryOf(pid);
    const results = await Promise.all(
      clients.map((client) => uploadCsv(server.url, client, file, 'big.csv', { 'x-forwarded-for': `2001:db8:${randomBytes(2).toString('hex')}::1` })),
    );
    expect(results.map((result) => result.status)).toEqual(Array(UPLOADS).fill(202));
    const after = memoryOf(pid);
    expect(after.peak - before.rss, `peak ${after.peak / MiB} MiB, before ${before.rss / MiB} MiB`).toBeLessThan(PEAK_GROWTH_BOUND);
  });
});
