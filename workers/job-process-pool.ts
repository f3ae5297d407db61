import type { JobFailure } from './job-failure.ts';
import { JobProcess } from './job-process.ts';
import type { JobProcessOptions, SandboxedJobJson } from './job-process.ts';

/** What a pool reports about starting job processes (metrics and the log: workers/job-process-starts.ts). */
export type StartListener = { started(): void; failed(failure: JobFailure): void };

/** Limits of one job's run: its channel's time limit, and how long past it a job that ignores its signal may run before it is killed. */
export type RunLimits = { timeoutMs: number; graceMs: number };

/**
 * The job processes of one channel worker: each job runs in an idle process,
 * or a new one; a process is reused after a job that ended normally, and one
 * that died (or was killed) is never reused. At most `concurrency` processes
 * exist at once (BullMQ gives the worker that many jobs at a time).
 */
export class JobProcessPool {
  private readonly idle: JobProcess[] = [];
  private readonly busy = new Set<JobProcess>();
  private closed = false;

  constructor(
    private readonly options: JobProcessOptions,
    private readonly starts: StartListener,
  ) {}

  /** An idle process, or a new one. @throws JobFailure `start_failed` or `processor_unavailable` */
  async take(): Promise<JobProcess> {
    for (let jobProcess = this.idle.pop(); jobProcess; jobProcess = this.idle.pop()) {
      if (jobProcess.alive) return this.hold(jobProcess);
    }
    try {
      const jobProcess = await JobProcess.start(this.options);
      this.starts.started();
      return this.hold(jobProcess);
    } catch (error) {
      const failure = error as JobFailure;
      if (failure.code === 'start_failed') this.starts.failed(failure);
      throw failure;
    }
  }

  /** Runs one job in a process of the pool. */
  async run(job: SandboxedJobJson, token: string | undefined, signal: AbortSignal | undefined, limits: RunLimits): Promise<unknown> {
    const jobProcess = await this.take();
    try {
      return await jobProcess.run(job, token, signal, limits);
    } finally {
      this.give(jobProcess);
    }
  }

  /** Returns a process after its job: kept if it still runs. */
  give(jobProcess: JobProcess): void {
    this.busy.delete(jobProcess);
    if (jobProcess.alive && !this.closed) this.idle.push(jobProcess);
    else void jobProcess.stop();
  }

  /** Stops every process: idle ones at once, busy ones once their job is done (or after 10 s). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle.splice(0), ...this.busy].map((jobProcess) => jobProcess.stop()));
  }

  private hold(jobProcess: JobProcess): JobProcess {
    this.busy.add(jobProcess);
    return jobProcess;
  }
}
