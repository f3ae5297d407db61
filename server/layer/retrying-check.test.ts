import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryingCheck } from './retrying-check.ts';

/** A check whose runs are counted and whose outcome the test decides, run by run. */
function scriptedCheck() {
  const runs: { resolve(): void; reject(error: Error): void }[] = [];
  const check = () => new Promise<void>((resolve, reject) => runs.push({ resolve, reject }));
  return { check, runs };
}

describe('retryingCheck', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one check at a time; triggers during a run make exactly one more run', async () => {
    const { check, runs } = scriptedCheck();
    const task = retryingCheck(check, { retryMs: 1000, onFailure: () => {} });
    task.trigger();
    task.trigger();
    task.trigger();
    expect(runs).toHaveLength(1);
    runs[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(2);
  });

  it('retries a failing check every retryMs, with one retry pending however often it is triggered', async () => {
    let runs = 0;
    const onFailure = vi.fn();
    const task = retryingCheck(
      async () => {
        runs += 1;
        throw new Error('down');
      },
      { retryMs: 1000, onFailure },
    );
    task.trigger(); // t = 0
    await vi.advanceTimersByTimeAsync(500);
    task.trigger(); // t = 500, e.g. the connection ready again while PostgreSQL is still down
    await vi.advanceTimersByTimeAsync(100);
    task.trigger(); // t = 600, e.g. the periodic check
    await vi.advanceTimersByTimeAsync(10_000);
    // Runs at 0, 500 and 600, then one every second from 1600 to 10600: not one chain of retries per trigger.
    expect(runs).toBe(13);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith(new Error('down'));
  });

  it('reports a new streak of failures after a success', async () => {
    const { check, runs } = scriptedCheck();
    const onFailure = vi.fn();
    const task = retryingCheck(check, { retryMs: 1000, onFailure });
    task.trigger();
    runs[0]?.reject(new Error('down'));
    await vi.advanceTimersByTimeAsync(1000);
    runs[1]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    task.trigger();
    runs[2]?.reject(new Error('down again'));
    await vi.advanceTimersByTimeAsync(0);
    expect(onFailure.mock.calls).toEqual([[new Error('down')], [new Error('down again')]]);
  });

  it('stop cancels the pending retry and ignores later triggers', async () => {
    const { check, runs } = scriptedCheck();
    const task = retryingCheck(check, { retryMs: 1000, onFailure: () => {} });
    task.trigger();
    runs[0]?.reject(new Error('down'));
    await vi.advanceTimersByTimeAsync(0);
    task.stop();
    task.trigger();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(1);
  });
});
