import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../server/features/chat/chat-protocol.ts';
import { lastSeq, mergeMessages } from './merge-messages.ts';

const message = (id: string, seq = id, body = `m${id}`): ChatMessage => ({
  room: 'r',
  id,
  seq,
  author: 'a',
  verified: false,
  body,
  at: '2026-01-01T00:00:00.000Z',
  clientId: null,
});

/** A room's message list is one entry per id, ordered by seq, however and how often each message arrived. */
describe('mergeMessages', () => {
  it('orders by numeric seq (not string order, not id) and drops duplicates', () => {
    const merged = mergeMessages([message('9'), message('10')], [message('10'), message('2'), message('11'), message('9')]);
    expect(merged.map((m) => m.id)).toEqual(['2', '9', '10', '11']);
    const bySeq = mergeMessages([], [message('70', '2'), message('50', '3'), message('60', '1')]);
    expect(bySeq.map((m) => m.id)).toEqual(['60', '70', '50']);
    expect(lastSeq(bySeq)).toBe('3');
  });

  it('keeps the sender’s clientId when a later copy (history, catch-up) has none', () => {
    const merged = mergeMessages([{ ...message('5'), clientId: 'c-1' }], [message('5', '5', 'same')]);
    expect(merged).toEqual([{ ...message('5', '5', 'same'), clientId: 'c-1' }]);
  });

  it('returns the same list when nothing arrives, and null as the last seq of nothing', () => {
    const list = [message('1')];
    expect(mergeMessages(list, [])).toBe(list);
    expect(lastSeq([])).toBeNull();
  });
});
