import { describe, expect, it } from 'vitest';
import { createKeyedThrottle } from './keyed-throttle.ts';

const WINDOW_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A keyed throttle runs a key's work at once when the key was quiet, and
 * then at most once per window however often it is touched; keys do not
 * wait for each other; a failed run is tried again after the window; drain
 * runs what is left.
 */
describe('keyed throttle', () => {
  it('runs a quiet key at once, and a burst of touches within the window as one more run at its end', async () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(WINDOW_MS, async (key) => (runs.push(key), true));
    for (let i = 0; i < 50; i += 1) throttle.touch('a');
    throttle.touch('b');
    expect(runs).toEqual(['a', 'b']);
    await expect.poll(() => runs).toEqual(['a', 'b', 'a']);
    await sleep(3 * WINDOW_MS);
    expect(runs).toEqual(['a', 'b', 'a']);
    expect(throttle.busy).toBe(0);
  });

  it('never runs one key twice at once, and runs it again for news that came during a run', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const throttle = createKeyedThrottle(WINDOW_MS, async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(WINDOW_MS);
      running -= 1;
      runs += 1;
      return true;
    });
    throttle.touch('a');
    await sleep(WINDOW_MS / 2);
    throttle.touch('a');
    await expect.poll(() => runs, { timeout: 5 * WINDOW_MS }).toBe(2);
    expect(most).toBe(1);
  });

  it('tries a failed run again after the window, and drain runs what is still waiting', async () => {
    let attempts = 0;
    const throttle = createKeyedThrottle(WINDOW_MS, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('Redis is away');
      return attempts > 2;
    });
    throttle.touch('a');
    await expect.poll(() => attempts, { timeout: 5 * WINDOW_MS }).toBe(3);
    expect(throttle.busy).toBe(0);

    const drained: string[] = [];
    const slow = createKeyedThrottle(60_000, async (key) => (drained.push(key), true));
    slow.touch('a');
    slow.touch('a');
    await slow.drain();
    expect(drained).toEqual(['a', 'a']);
  });
});
