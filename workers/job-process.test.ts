import { describe, expect, it } from 'vitest';
import { JobFailure } from './job-failure.ts';
import { JobProcess } from './job-process.ts';

const sandbox = new URL('./sandbox.mjs', import.meta.url);

/** Starting a job process: what a start that fails becomes (the drill job-failures covers the rest, end to end). */
describe('JobProcess.start', () => {
  it('turns a process that cannot be spawned into start_failed, without an unheard error event', async () => {
    const failure = await JobProcess.start({ processorFile: sandbox, heapMb: 64, cwd: '/nonexistent/directory' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JobFailure);
    expect(failure).toMatchObject({ code: 'start_failed', name: 'JobFailure' });
    expect((failure as JobFailure).reason).toMatch(/ENOENT.*try again later/);
    expect((failure as JobFailure).message).toMatch(/^start_failed: /);
  });

  it('turns a processor module that does not load into processor_unavailable, which is not retried', async () => {
    const failure = await JobProcess.start({ processorFile: new URL('./no-such-module.mjs', import.meta.url), heapMb: 64 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'processor_unavailable', name: 'UnrecoverableError' });
    expect((failure as JobFailure).reason).toMatch(/no-such-module\.mjs.*operator must fix or redeploy/);
  });
});
