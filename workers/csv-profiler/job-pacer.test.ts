import { describe, expect, it } from 'vitest';
import { JobPacer } from './job-pacer.ts';

/**
 * JobPacer keeps a CPU-bound job cooperative: progress reports are rate
 * limited by time and by progress, the event loop gets a turn, and an abort
 * is seen at the next checkpoint.
 */
describe('JobPacer', () => {
  function pacerWithClock(signal = new AbortController().signal) {
    const clock = { now: 0 };
    const pacer = new JobPacer(signal, { now: () => clock.now });
    return { clock, pacer };
  }

  it('reports only when both 100 ms and 2% have passed since the last report', async () => {
    const { clock, pacer } = pacerWithClock();
    const reported: number[] = [];
    for (const [time, fraction] of [[50, 0.05], [100, 0.01], [150, 0.03], [200, 0.04], [260, 0.06], [300, 0.5]] as const) {
      clock.now = time;
      await pacer.checkpoint(fraction, () => reported.push(fraction));
    }
    expect(reported).toEqual([0.03, 0.06]);
  });

  it('yields to the event loop once it has worked 25 ms without a break', async () => {
    const { clock, pacer } = pacerWithClock();
    let timerRan = false;
    setImmediate(() => (timerRan = true));
    clock.now = 24;
    await pacer.checkpoint(0, () => {});
    expect(timerRan).toBe(false);
    clock.now = 25;
    await pacer.checkpoint(0, () => {});
    expect(timerRan).toBe(true);
  });

  it('throws the signal’s reason at the first checkpoint after an abort', async () => {
    const controller = new AbortController();
    const { pacer } = pacerWithClock(controller.signal);
    await pacer.checkpoint(0.1, () => {});
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pacer.checkpoint(0.2, () => {})).rejects.toBe(reason);
  });
});
