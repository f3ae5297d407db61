import { describe, expect, it, vi } from 'vitest';
import type { ReplyMessage } from '../server/protocol/index.ts';
import { createReplySequencer } from './reply-sequencer.ts';
import type { ReplySequencerOptions } from './reply-sequencer.ts';

const message = (seq: number): ReplyMessage => ({ seq, event: 'notice.posted', payload: { text: `#${seq}` } });

/** A sequencer whose deliveries and fetches the test can see and answer. */
function harness(overrides: Partial<ReplySequencerOptions> = {}) {
  const delivered: number[] = [];
  const advanced: number[] = [];
  const fetches: { after: number; resolve(messages: ReplyMessage[]): void; reject(error: Error): void }[] = [];
  const sequencer = createReplySequencer({
    lastSeq: 0,
    deliver: (m) => delivered.push(m.seq),
    advance: (seq) => advanced.push(seq),
    fetchAfter: (after) => new Promise((resolve, reject) => fetches.push({ after, resolve, reject })),
    retryDelayMs: 10,
    ...overrides,
  });
  return { sequencer, delivered, advanced, fetches };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reply sequencer', () => {
  it('delivers messages that arrive in order at once, and records each seq', () => {
    const { sequencer, delivered, advanced, fetches } = harness();
    [1, 2, 3].forEach((seq) => sequencer.receive(message(seq)));
    expect(delivered).toEqual([1, 2, 3]);
    expect(advanced).toEqual([1, 2, 3]);
    expect(sequencer.lastSeq).toBe(3);
    expect(fetches).toHaveLength(0);
  });

  it('drops duplicates: replays of delivered messages and a held message received twice', () => {
    const { sequencer, delivered } = harness({ lastSeq: 5 });
    sequencer.receive(message(4));
    sequencer.receive(message(5));
    sequencer.receive(message(6));
    sequencer.receive(message(6));
    expect(delivered).toEqual([6]);
  });

  it('holds a message after a gap, fetches what is missing, then delivers everything in order once', async () => {
    const { sequencer, delivered, fetches } = harness({ lastSeq: 1 });
    sequencer.receive(message(4));
    sequencer.receive(message(5));
    expect(delivered).toEqual([]);
    expect(sequencer.held).toBe(2);
    expect(fetches.map((f) => f.after)).toEqual([1]);

    fetches[0]?.resolve([message(2), message(3), message(4)]);
    await settle();
    expect(delivered).toEqual([2, 3, 4, 5]);
    expect(sequencer.held).toBe(0);
    expect(fetches).toHaveLength(1);
  });

  it('fills a gap from a live message that arrives while fetching, and ignores the fetched copies', async () => {
    const { sequencer, delivered, fetches } = harness();
    sequencer.receive(message(2));
    sequencer.receive(message(1));
    expect(delivered).toEqual([1, 2]);
    fetches[0]?.resolve([message(1), message(2)]);
    await settle();
    expect(delivered).toEqual([1, 2]);
  });

  it('fetches again for a gap that opened while a fetch was in flight, instead of skipping it', async () => {
    const { sequencer, delivered, fetches } = harness();
    sequencer.receive(message(2));
    sequencer.receive(message(1));
    sequencer.receive(message(4)); // 3 is still on its way (published by another process)
    fetches[0]?.resolve([message(1), message(2)]); // made before 3 and 4 existed
    await settle();
    expect(delivered).toEqual([1, 2]);
    expect(fetches.map((f) => f.after)).toEqual([0, 2]);
    fetches[1]?.resolve([message(3), message(4)]);
    await settle();
    expect(delivered).toEqual([1, 2, 3, 4]);
    sequencer.receive(message(3));
    expect(delivered).toEqual([1, 2, 3, 4]);
  });

  it('skips a gap the server no longer has buffered', async () => {
    const { sequencer, delivered, fetches } = harness();
    sequencer.receive(message(3));
    fetches[0]?.resolve([]);
    await settle();
    expect(delivered).toEqual([3]);
    sequencer.receive(message(4));
    expect(delivered).toEqual([3, 4]);
  });

  it('retries a failed fetch, then gives the gap up and delivers what it holds', async () => {
    const onFetchError = vi.fn();
    const { sequencer, delivered, fetches } = harness({ onFetchError, maxFetchAttempts: 2 });
    sequencer.receive(message(2));
    fetches[0]?.reject(new Error('timeout'));
    await vi.waitFor(() => expect(fetches).toHaveLength(2));
    fetches[1]?.reject(new Error('timeout'));
    await vi.waitFor(() => expect(delivered).toEqual([2]));
    expect(onFetchError).toHaveBeenCalledTimes(2);
  });

  it('starts over after a reset and ignores the answer to a fetch made before it', async () => {
    const { sequencer, delivered, fetches } = harness({ lastSeq: 7 });
    sequencer.receive(message(9));
    sequencer.reset(0);
    fetches[0]?.resolve([message(8), message(9)]);
    await settle();
    expect(delivered).toEqual([]);
    sequencer.receive(message(1));
    expect(delivered).toEqual([1]);
  });
});
