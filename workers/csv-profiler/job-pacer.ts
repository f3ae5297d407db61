/** When a long computation yields, and how often it may report progress. */
export type PacerOptions = {
  /** Longest stretch of synchronous work before yielding to the event loop. Default 25 ms. */
  yieldEveryMs?: number;
  /** Shortest time between two progress reports. Default 100 ms. */
  reportEveryMs?: number;
  /** Smallest progress (0..1) between two reports. Default 0.02. */
  reportEveryFraction?: number;
  /** Clock in ms; tests pass a fake one. Default `performance.now`. */
  now?: () => number;
};

/**
 * Keeps a long CPU-bound job cooperative. Called at checkpoints (every few
 * thousand cells), it throws `signal.reason` once the job is aborted, yields
 * to the event loop every few tens of milliseconds so an abort, a lock
 * renewal or a message can get through, and says when a progress report is
 * due: at most one per `reportEveryMs` and per `reportEveryFraction`.
 *
 * @example
 * const pacer = new JobPacer(signal);
 * for (...) if (i % 4096 === 0) await pacer.checkpoint(i / n, () => report(i));
 */
export class JobPacer {
  private readonly yieldEveryMs: number;
  private readonly reportEveryMs: number;
  private readonly reportEveryFraction: number;
  private readonly now: () => number;
  private lastYield: number;
  private lastReport: number;
  private lastFraction = 0;

  /** Counts a report at fraction 0 as made now: the job reports its start itself. */
  constructor(
    private readonly signal: AbortSignal,
    options: PacerOptions = {},
  ) {
    this.yieldEveryMs = options.yieldEveryMs ?? 25;
    this.reportEveryMs = options.reportEveryMs ?? 100;
    this.reportEveryFraction = options.reportEveryFraction ?? 0.02;
    this.now = options.now ?? (() => performance.now());
    this.lastYield = this.lastReport = this.now();
  }

  /** Throws if aborted, yields if the job has run long enough, and calls `report` if a report at `fraction` is due. */
  async checkpoint(fraction: number, report: () => void): Promise<void> {
    this.signal.throwIfAborted();
    let now = this.now();
    if (now - this.lastYield >= this.yieldEveryMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.signal.throwIfAborted();
      now = this.lastYield = this.now();
    }
    if (now - this.lastReport >= this.reportEveryMs && fraction - this.lastFraction >= this.reportEveryFraction) {
      this.lastReport = now;
      this.lastFraction = fraction;
      report();
    }
  }
}
