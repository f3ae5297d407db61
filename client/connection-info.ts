import type { Namespace } from '../server/protocol/index.ts';

/**
 * What a support request needs to know about a page's connection (the
 * reference app's debug panel shows it): null until known.
 */
export type ConnectionInfo = {
  /** The interface server process the page is connected to: its id (`reply.assigned`'s `server`; the `instanceId` of its log lines). */
  server: string | null;
  /** This tab's reply channel (its name, not its token: the name is no secret, the logs carry it as `replyChannel`). */
  replyChannel: string | null;
  /**
   * The last live reply-channel message: from the server's publish (its
   * `sentAt`) to its arrival here, in ms. Measured with two clocks, the
   * server's and the browser's, so it includes their difference. Group
   * events carry no publish time and are not measured.
   */
  lastDelivery: { namespace: Namespace; event: string; ms: number } | null;
};
