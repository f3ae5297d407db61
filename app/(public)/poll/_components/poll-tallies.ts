import type { PollTallied, WirePoll } from '../../../../server/features/poll/poll-protocol.ts';

/**
 * A poll with new tallies applied. Tallies of a later commit count every
 * earlier vote, but two servers may deliver them in another order: tallies
 * with a smaller total than the poll's are stale and ignored.
 */
export function applyTallies(poll: WirePoll, tallied: PollTallied): WirePoll {
  if (tallied.pollId !== poll.id || tallied.total < poll.total) return poll;
  const votes = new Map(tallied.options.map((option) => [option.id, option.votes]));
  return { ...poll, total: tallied.total, options: poll.options.map((option) => ({ ...option, votes: votes.get(option.id) ?? option.votes })) };
}

/** An option's share of the votes, as a whole percentage (0 for a poll without votes). */
export function percentOf(votes: number, total: number): number {
  return total === 0 ? 0 : Math.round((votes / total) * 100);
}
