import { Forbidden, Unauthorized } from '../errors.ts';
import { ANNOUNCEMENTS_GROUP } from '../protocol/kit-protocol.ts';
import { defineConsumer } from './consumer.ts';

/**
 * The root namespace: every page's connection. It joins the announcements
 * group, tells a client who it is, answers pings, and lets staff post an
 * announcement to everyone.
 */
export const homeConsumer = defineConsumer('/', {
  // Every connection joins on connect, so the reply channel needs no stored membership (no Redis round trip).
  connect: (context) => context.groupAddConnection(ANNOUNCEMENTS_GROUP),
  events: {
    'session.describe': ({ scope }) => ({ user: scope.user, replyChannel: scope.replyChannel }),
    'connection.ping': (_context, { sentAt }) => ({ sentAt, serverTime: Date.now() }),
    'announcement.post': async ({ scope, layer }, { text }) => {
      if (!scope.user) throw new Unauthorized('log in as staff to post announcements');
      if (!scope.user.isStaff) throw new Forbidden('only staff may post announcements');
      const at = new Date().toISOString();
      await layer.groupSend(ANNOUNCEMENTS_GROUP, 'announcement.posted', { text, author: scope.user.username, at });
      return { at };
    },
  },
});
