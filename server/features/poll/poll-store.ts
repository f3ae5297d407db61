import type { Prisma } from '../../../prisma/generated/client.ts';
import { conflictOnDuplicate, NotFound } from '../../kit.ts';
import type { Database } from '../../kit.ts';
import { POLL_LIST_MAX } from './poll-protocol.ts';
import type { WirePoll } from './poll-protocol.ts';

/** What a poll is read with: its options in order, each with its number of votes. */
const pollSelect = {
  id: true,
  question: true,
  createdAt: true,
  options: { orderBy: { position: 'asc' }, select: { id: true, label: true, _count: { select: { votes: true } } } },
} as const satisfies Prisma.PollSelect;

type PollRow = Prisma.PollGetPayload<{ select: typeof pollSelect }>;

function toWirePoll(row: PollRow): WirePoll {
  const options = row.options.map((option) => ({ id: option.id, label: option.label, votes: option._count.votes }));
  return { id: row.id, question: row.question, options, total: options.reduce((sum, option) => sum + option.votes, 0), createdAt: row.createdAt.toISOString() };
}

/** Creates a poll with its options in the order given; resolves with its id. */
export async function createPoll(db: Database, poll: { question: string; options: readonly string[]; createdById: string }): Promise<string> {
  const created = await db.poll.create({
    data: { question: poll.question, createdById: poll.createdById, options: { create: poll.options.map((label, position) => ({ label, position })) } },
    select: { id: true },
  });
  return created.id;
}

/** The newest polls with their tallies. */
export async function listPolls(db: Database): Promise<WirePoll[]> {
  const rows = await db.poll.findMany({ select: pollSelect, orderBy: { createdAt: 'desc' }, take: POLL_LIST_MAX });
  return rows.map(toWirePoll);
}

/** A poll with its tallies, and which option `voter` chose (null before they vote). Throws NotFound. */
export async function readPoll(db: Database, pollId: string, voter: string | null): Promise<{ poll: WirePoll; yourVote: string | null }> {
  const [row, vote] = await Promise.all([
    db.poll.findUnique({ where: { id: pollId }, select: pollSelect }),
    voter ? db.pollVote.findUnique({ where: { pollId_voter: { pollId, voter } }, select: { optionId: true } }) : null,
  ]);
  if (!row) throw new NotFound(`there is no poll ${pollId}`);
  return { poll: toWirePoll(row), yourVote: vote?.optionId ?? null };
}

/**
 * Records `voter`'s vote. Its model hook publishes the new tallies after the
 * commit. Throws NotFound for an option not of this poll and Conflict for a
 * second vote (one per voter, kept by a unique index).
 */
export async function castVote(db: Database, vote: { pollId: string; optionId: string; voter: string }): Promise<void> {
  const option = await db.pollOption.findFirst({ where: { id: vote.optionId, pollId: vote.pollId }, select: { id: true } });
  if (!option) throw new NotFound(`poll ${vote.pollId} has no option ${vote.optionId}`);
  await conflictOnDuplicate(db.pollVote.create({ data: vote, select: { id: true } }), 'you have already voted in this poll');
}
