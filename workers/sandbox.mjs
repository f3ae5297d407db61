// Entry of a job process (a child of a worker process; see sandboxed-worker.ts).
// It starts without the worker's Node flags, so register tsx here before
// importing the TypeScript job runner.
import { register } from 'tsx/esm/api';

register();

// A job process whose worker died (kill -9, the kernel's OOM killer) would run
// on, holding its connections and its job: it ends with its parent. Usually
// 'disconnect' says so. But an error raised while the parent is gone makes
// BullMQ's handler report it to the parent, which fails (EPIPE) and raises
// again, before 'disconnect' can arrive: seen once here, a process spinning
// for minutes. Orphaned, the process has a new parent.
const parent = process.ppid;
process.once('disconnect', () => process.exit(1));
process.prependListener('uncaughtException', (error) => {
  if (process.ppid !== parent) process.exit(1);
  // BullMQ's own listener sends the error to the worker, then exits: marked,
  // the worker fails the job as `crashed` (workers/job-process.ts).
  if (error !== null && typeof error === 'object') error.uncaught = true;
});

const { default: processSandboxedJob } = await import('./sandboxed-job.ts');

export default processSandboxedJob;
