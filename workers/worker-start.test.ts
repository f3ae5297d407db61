import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchyardProcess } from '../server/testing/switchyard-process.ts';
import type { ProcessOutcome } from '../server/testing/switchyard-process.ts';
import { testDatabaseUrl } from '../server/testing/test-database.ts';
import { uniquePrefix } from '../server/testing/test-server.ts';

/** Runs `switchyard worker <args>` (the installed command, bin/switchyard.mjs) with `env` until it exits (at most 30 s). */
function runWorkerCommand(args: string[], env: Record<string, string>): Promise<ProcessOutcome> {
  return runSwitchyardProcess({ entry: 'bin/switchyard.mjs', tsx: false, args: ['worker', ...args], env }, 30_000);
}

/** `switchyard worker` refuses to start, with exit code 1 and the reason, when a processor cannot be loaded at all. */
describe('switchyard worker with a processor that cannot be loaded', () => {
  let markers: string;
  const env = () => ({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_PREFIX: uniquePrefix(),
    WORKER_METRICS_PORT: '0',
    WORKER_PROCESSORS: 'drills/job-failures/drill-processors.ts',
    DRILL_MARKERS: markers,
  });
  beforeAll(async () => {
    markers = await mkdtemp(join(tmpdir(), 'sy-worker-start-'));
  });
  afterAll(() => rm(markers, { recursive: true, force: true }));

  it('exits 1 naming the module and its error, having served nothing', async () => {
    await writeFile(join(markers, 'broken'), '');
    const { code, output } = await runWorkerCommand(['bigdata.process'], env());
    expect(code).toBe(1);
    expect(output).toMatch(/WORKER_PROCESSORS: the processor module drills\/job-failures\/drill-processors\.ts cannot be loaded \(this processor module was broken on purpose/);
    expect(output).not.toMatch(/serving/);
  }, 40_000);

  it('exits 1 when the module lacks a channel’s processor', async () => {
    await rm(join(markers, 'broken'), { force: true });
    const { code, output } = await runWorkerCommand(['report.render'], { ...env(), WORKER_PROCESSORS: 'workers/processor.ts' });
    expect(code).toBe(1);
    expect(output).toMatch(/must export `processors` with a function for every worker channel; missing: bigdata\.process, report\.render/);
  }, 40_000);
});
