import type { Prisma } from '../../../prisma/generated/client.ts';
import { defineModelHook } from '../../kit.ts';
import { pollGroup } from './poll-protocol.ts';

const select = {
  pollId: true,
  poll: { select: { options: { orderBy: { position: 'asc' }, select: { id: true, _count: { select: { votes: true } } } } } },
} as const satisfies Prisma.PollVoteSelect;

type VoteRow = Prisma.PollVoteGetPayload<{ select: typeof select }>;

/**
 * A vote publishes its poll's tallies to the poll's viewers, after commit.
 * The tallies are an aggregate: the kit reads them under the outbox's lock of
 * the poll's group, so of two concurrent votes the later commit's tallies
 * include the earlier one (docs/model-hooks.md).
 */
export const pollTallyHook = defineModelHook<VoteRow>('PollVote', {
  select,
  operations: ['create'],
  publish: (_op, vote) => {
    const options = vote.poll.options.map((option) => ({ id: option.id, votes: option._count.votes }));
    const total = options.reduce((sum, option) => sum + option.votes, 0);
    return [{ group: pollGroup(vote.pollId), event: 'poll.tallied', payload: { pollId: vote.pollId, options, total } }];
  },
});
