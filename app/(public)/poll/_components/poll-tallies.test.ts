import { describe, expect, it } from 'vitest';
import type { WirePoll } from '../../../../server/features/poll/poll-protocol.ts';
import { applyTallies, percentOf } from './poll-tallies.ts';

const poll: WirePoll = {
  id: 'p1',
  question: 'Lunch?',
  createdAt: '2026-12-07T00:00:00.000Z',
  total: 3,
  options: [
    { id: 'a', label: 'Soup', votes: 2 },
    { id: 'b', label: 'Salad', votes: 1 },
  ],
};

describe('applying tallies to a poll', () => {
  it('takes newer tallies and keeps the labels', () => {
    const next = applyTallies(poll, { pollId: 'p1', total: 4, options: [{ id: 'a', votes: 2 }, { id: 'b', votes: 2 }] });
    expect(next.total).toBe(4);
    expect(next.options).toEqual([
      { id: 'a', label: 'Soup', votes: 2 },
      { id: 'b', label: 'Salad', votes: 2 },
    ]);
  });

  it('ignores stale tallies (a smaller total) and another poll’s', () => {
    expect(applyTallies(poll, { pollId: 'p1', total: 2, options: [{ id: 'a', votes: 1 }, { id: 'b', votes: 1 }] })).toBe(poll);
    expect(applyTallies(poll, { pollId: 'p2', total: 9, options: [] })).toBe(poll);
  });

  it('gives whole percentages, 0 without votes', () => {
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 0)).toBe(0);
  });
});
