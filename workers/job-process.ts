import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ChildCommand, ParentCommand } from 'bullmq';
import { JobFailure } from './job-failure.ts';
import { isSpansMessage, relaySpans } from '../server/tracing/span-relay.ts';

/** BullMQ's entry of a sandboxed child: it imports the processor file and speaks BullMQ's parent–child protocol. */
const CHILD_MAIN = join(dirname(createRequire(import.meta.url).resolve('bullmq')), 'classes', 'main.js');

/** How long a job process told to stop (SIGTERM) may take before it is killed. */
const STOP_MS = 10_000;
/** How long a new job process may take to load its processor module before its start counts as failed. */
const START_MS = 60_000;

type Message = { cmd: ParentCommand; value?: unknown; err?: Record<string, unknown> };

/** How to start a job process. */
export type JobProcessOptions = {
  /** The module the process imports and runs every job with (its default export). */
  processorFile: URL;
  /** The process's V8 heap limit. */
  heapMb: number;
  /** Working directory; a missing one makes the start fail (the tests' way to fail a start). Default: this process's. */
  cwd?: string;
};

/** A job as it is handed to a job process (BullMQ's `Job#asJSONSandbox()`). */
export type SandboxedJobJson = object;

/**
 * A child process that runs jobs one at a time with a processor module: a
 * "job process" of a worker (BullMQ's sandbox protocol, its own supervision).
 * It never inherits the worker's Node flags, has a heap of `heapMb`, and
 * every way it can fail ends as a JobFailure: a processor module that cannot
 * be loaded (`processor_unavailable`), a process that cannot start
 * (`start_failed`), one that exits or throws uncaught mid-job (`crashed`),
 * fills its heap (V8 aborts it: `out_of_memory`), is killed from outside
 * (`killed`), or runs past its time limit (`timed_out`: killed here).
 */
export class JobProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly heapMb: number,
  ) {}

  /** Starts a job process and waits until its processor module is loaded. @throws JobFailure `start_failed` or `processor_unavailable` */
  static async start(options: JobProcessOptions): Promise<JobProcess> {
    let child: ChildProcess;
    try {
      child = fork(CHILD_MAIN, [], {
        execArgv: [`--max-old-space-size=${options.heapMb}`],
        cwd: options.cwd,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    } catch (error) {
      throw startFailed((error as Error).message);
    }
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', function onMessage(message: Message) {
        if (message.cmd === ParentCommand.InitCompleted) resolve();
        if (message.cmd === ParentCommand.InitFailed) {
          const reason = `the worker could not load this channel's processor: ${String(message.err?.message)}. Its operator must fix or redeploy the worker; retrying will not help until then`;
          reject(new JobFailure('processor_unavailable', reason));
        }
        if (message.cmd === ParentCommand.InitCompleted || message.cmd === ParentCommand.InitFailed) child.off('message', onMessage);
      });
      child.on('error', (error) => reject(startFailed(error.message)));
      child.once('exit', (code, signal) => reject(startFailed(`it exited before it was ready (${exitOf(code, signal)})`)));
    });
    child.send({ cmd: ChildCommand.Init, value: options.processorFile.href }, () => {});
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(startFailed(`it was not ready within ${START_MS / 1000} s`)), START_MS);
    });
    try {
      await Promise.race([ready, late]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    // A job process that dies between jobs is noticed (`alive`) and replaced; the error must not go unheard.
    child.on('error', () => {});
    // The spans of a traced job (workers/job-process-tracing.ts) go out with this process's.
    child.on('message', (message: unknown) => isSpansMessage(message) && relaySpans(message.value));
    return new JobProcess(child, options.heapMb);
  }

  /** Whether the process still runs (a process that died between jobs is not reused). */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.connected;
  }

  /**
   * Runs one job: resolves its result, or rejects with the processor's error
   * (as sent by the process) or the JobFailure of the process's end. The
   * signal asks the processor to stop (cancellation, shutdown); past
   * `timeoutMs` plus `graceMs` a job still running is killed: `timed_out`.
   */
  run(job: SandboxedJobJson, token: string | undefined, signal: AbortSignal | undefined, limits: { timeoutMs: number; graceMs: number }): Promise<unknown> {
    const { child } = this;
    let timedOut = false;
    const cleanups: (() => void)[] = [];
    const settled = new Promise<unknown>((resolve, reject) => {
      const onMessage = (message: Message) => {
        if (message.cmd === ParentCommand.Completed) resolve(message.value);
        if (message.cmd === ParentCommand.Failed || message.cmd === ParentCommand.Error) {
          const sent = (message.value ?? message.err ?? {}) as Record<string, unknown>;
          const error = Object.assign(new Error(), sent);
          const crashed = `the job's process crashed with an uncaught exception (${error.message}); try again later, and report it if it happens again`;
          reject(sent.uncaught ? new JobFailure('crashed', crashed) : error);
        }
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
        if (timedOut) {
          reject(new JobFailure('timed_out', `the job ran longer than ${limits.timeoutMs / 1000} s, its channel's time limit (JOB_TIMEOUT_MS), and did not stop; it was ended`));
        } else if (exitSignal === 'SIGABRT') {
          // V8 aborts a process whose heap is full ("JavaScript heap out of memory"), the one way a job process of plain JavaScript aborts.
          const reason = `the job needed more than the ${this.heapMb} MB of memory a job may use (JOB_HEAP_MB); try a smaller file, or ask the operator to raise JOB_HEAP_MB`;
          reject(new JobFailure('out_of_memory', reason));
        } else if (exitSignal) {
          const reason = `the job's process was killed from outside the worker (${exitSignal}), by an operator or the system's out-of-memory killer; try again later, with a smaller file if it happens again`;
          reject(new JobFailure('killed', reason));
        } else {
          reject(new JobFailure('crashed', `the job's process exited (${exitOf(code, exitSignal)}) while running the job; try again later, and report it if it happens again`));
        }
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      cleanups.push(() => child.off('message', onMessage), () => child.off('exit', onExit));
      const cancel = () => child.connected && child.send({ cmd: ChildCommand.Cancel, value: signal?.reason }, () => {});
      if (signal?.aborted) cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      cleanups.push(() => signal?.removeEventListener('abort', cancel));
      const limit = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, limits.timeoutMs + limits.graceMs);
      cleanups.push(() => clearTimeout(limit));
      child.send({ cmd: ChildCommand.Start, job, token }, (error) => error && reject(startFailed(error.message)));
    });
    return settled.finally(() => {
      for (const cleanup of cleanups) cleanup();
    });
  }

  /** Asks the process to finish its job and exit; kills it if it has not after 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_MS);
    await exited;
    clearTimeout(timer);
  }
}

function startFailed(cause: string): JobFailure {
  return new JobFailure('start_failed', `no job process could be started (${cause}): the worker's machine may be out of processes, memory or file descriptors; try again later`);
}

function exitOf(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
