import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../server/protocol/index.ts';
import { lastId, mergeMessages } from './merge-messages.ts';

const message = (id: string, body = `m${id}`): ChatMessage => ({ room: 'r', id, author: 'a', verified: false, body, at: '2026-01-01T00:00:00.000Z', clientId: null });

/** A room's message list is one entry per id, ordered by id, however and how often each message arrived. */
describe('mergeMessages', () => {
  it('orders by numeric id (not string order) and drops duplicates', () => {
    const merged = mergeMessages([message('9'), message('10')], [message('10'), message('2'), message('11'), message('9')]);
    expect(merged.map((m) => m.id)).toEqual(['2', '9', '10', '11']);
    expect(lastId(merged)).toBe('11');
  });

  it('keeps the sender’s clientId when a later copy (history, catch-up) has none', () => {
    const merged = mergeMessages([{ ...message('5'), clientId: 'c-1' }], [message('5', 'same')]);
    expect(merged).toEqual([{ ...message('5', 'same'), clientId: 'c-1' }]);
  });

  it('returns the same list when nothing arrives, and null as the last id of nothing', () => {
    const list = [message('1')];
    expect(mergeMessages(list, [])).toBe(list);
    expect(lastId([])).toBeNull();
  });
});
