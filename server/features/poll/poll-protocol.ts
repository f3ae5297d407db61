import { z } from 'zod';
import { defineProtocol } from '../../protocol/namespace-spec.ts';
import { recordIdSchema, textSchema } from '../../protocol/fields.ts';
import { groupNameSchema } from '../../protocol/names.ts';

/** Longest question, in characters. */
export const POLL_QUESTION_MAX = 200;
/** Longest option label, in characters. */
export const POLL_OPTION_MAX = 100;
/** How many options a poll offers. */
export const POLL_OPTIONS = { min: 2, max: 8 } as const;
/** How many polls `poll.list` returns (the newest). */
export const POLL_LIST_MAX = 20;

/** One option of a poll with its votes so far. */
export const pollOptionSchema = z.object({ id: z.string(), label: z.string(), votes: z.number().int().nonnegative() });

/** A poll as viewers see it. */
export const wirePollSchema = z.object({
  id: z.string(),
  question: z.string(),
  options: z.array(pollOptionSchema),
  total: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type WirePoll = z.infer<typeof wirePollSchema>;

/** The tallies of a poll after a vote: every option's count, read under the vote's lock (so never missing an earlier vote). */
export const pollTalliedSchema = z.object({
  pollId: z.string(),
  options: z.array(pollOptionSchema.pick({ id: true, votes: true })),
  total: z.number().int().nonnegative(),
});
export type PollTallied = z.infer<typeof pollTalliedSchema>;

/** The group of a poll's viewers. */
export function pollGroup(pollId: string): string {
  return groupNameSchema.parse(`poll.${pollId}`);
}

const pollRef = z.object({ pollId: recordIdSchema }).strict();
const label = textSchema.trim().min(1, 'an option is empty').max(POLL_OPTION_MAX, `an option is longer than ${POLL_OPTION_MAX} characters`);

/** The `/poll` namespace: staff ask, anyone votes once, every viewer sees the tallies live. */
export const pollProtocol = defineProtocol('/poll', {
  client: {
    'poll.list': { payload: z.object({}).strict(), reply: z.object({ polls: z.array(wirePollSchema) }) },
    'poll.follow': { payload: pollRef, reply: z.object({ poll: wirePollSchema, yourVote: z.string().nullable() }) },
    'poll.vote': { payload: pollRef.extend({ optionId: recordIdSchema }).strict(), reply: z.object({ optionId: z.string() }) },
    'poll.create': {
      payload: z
        .object({
          question: textSchema.trim().min(1, 'the question is empty').max(POLL_QUESTION_MAX, `the question is longer than ${POLL_QUESTION_MAX} characters`),
          options: z.array(label).min(POLL_OPTIONS.min, `a poll has at least ${POLL_OPTIONS.min} options`).max(POLL_OPTIONS.max, `a poll has at most ${POLL_OPTIONS.max} options`),
        })
        .strict(),
      reply: z.object({ pollId: z.string() }),
    },
  },
  server: {
    'poll.tallied': pollTalliedSchema,
  },
});
