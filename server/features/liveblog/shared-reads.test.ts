import { describe, expect, it } from 'vitest';
import { sharedReads } from './shared-reads.ts';

/** A read that answers only when told to: which reads started, and with what each answers. */
function controlledRead() {
  const started: { key: string; finish(value: string): void; fail(error: Error): void }[] = [];
  const read = (key: string) => new Promise<string>((resolve, reject) => started.push({ key, finish: resolve, fail: reject }));
  return { started, read };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Shared reads: "calls of one key share reads, but a call is never answered
 * by a read that started before it; other keys read on their own".
 */
describe('sharedReads', () => {
  it('answers calls made while a read runs with the next read, which starts as that one ends', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(read, (key: string) => key, 100);
    const first = shared('a');
    const later = Array.from({ length: 50 }, () => shared('a'));
    await settle();
    expect(started).toHaveLength(1);
    started[0]?.finish('before the later calls');
    await expect(first).resolves.toBe('before the later calls');
    await settle();
    expect(started).toHaveLength(2);
    started[1]?.finish('after them');
    await expect(Promise.all(later)).resolves.toEqual(new Array(50).fill('after them'));
    expect(started).toHaveLength(2);
    // Nothing waits: the next call reads at once.
    void shared('a');
    expect(started).toHaveLength(3);
  });

  it('reads other keys at the same time, and beyond maxKeys reads alone', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(read, (key: string) => key, 2);
    void shared('a');
    void shared('b');
    void shared('c');
    void shared('c');
    await settle();
    expect(started.map((s) => s.key)).toEqual(['a', 'b', 'c', 'c']);
  });

  it('fails the calls a failed read answers, and reads again for the next', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(read, (key: string) => key, 100);
    const first = shared('a');
    const second = shared('a');
    started[0]?.fail(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    await settle();
    started[1]?.finish('back');
    await expect(second).resolves.toBe('back');
  });
});
