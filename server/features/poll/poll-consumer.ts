import { defineConsumer, Forbidden, requireStaff } from '../../kit.ts';
import type { Scope } from '../../kit.ts';
import { pollGroup } from './poll-protocol.ts';
import { castVote, createPoll, listPolls, readPoll } from './poll-store.ts';

/** Who votes: a signed-in user, else the browser's visitor cookie; a client with neither cannot vote (it could vote again by reconnecting). */
function voterOf(scope: Scope): string | null {
  if (scope.user) return `user:${scope.user.id}`;
  return scope.visitorId ? `visitor:${scope.visitorId}` : null;
}

/**
 * The `/poll` namespace. Viewers `poll.follow` a poll (joining its group and
 * getting its tallies), vote once, and get `poll.tallied` after every vote,
 * published by the vote's model hook after commit; staff create polls.
 */
export const pollConsumer = defineConsumer('/poll', {
  events: {
    'poll.list': async ({ app }) => ({ polls: await listPolls(app.db) }),
    'poll.follow': async (context, { pollId }) => {
      const found = await readPoll(context.app.db, pollId, voterOf(context.scope));
      await context.groupAdd(pollGroup(pollId));
      return found;
    },
    'poll.vote': async ({ app, scope }, { pollId, optionId }) => {
      const voter = voterOf(scope);
      if (!voter) throw new Forbidden('voting needs a login or the sy_visitor cookie, so that each person votes once');
      await castVote(app.db, { pollId, optionId, voter });
      return { optionId };
    },
    'poll.create': async ({ app, scope }, { question, options }) => {
      const staff = requireStaff(scope.user, 'create polls');
      return { pollId: await createPoll(app.db, { question, options, createdById: staff.id }) };
    },
  },
});
