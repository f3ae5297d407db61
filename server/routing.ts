import type { Namespace } from './protocol/events.ts';
import type { Consumer } from './consumers/consumer.ts';
import { chatConsumer } from './consumers/chat.ts';
import { homeConsumer } from './consumers/home.ts';
import { jobsConsumer } from './consumers/jobs.ts';
import { liveblogConsumer } from './consumers/liveblog.ts';
import type { ConnectionMiddleware } from './middleware/connection-middleware.ts';

/** The middleware every route starts with, built by the interface server from config. */
export type BaseMiddleware = {
  origin: ConnectionMiddleware;
  handshakeLimit: ConnectionMiddleware;
  session: ConnectionMiddleware;
  visitor: ConnectionMiddleware;
  replyChannel: ConnectionMiddleware;
};

/** One route: a namespace, the middleware its handshakes pass (in order), and its consumer. */
export type Route = {
  namespace: Namespace;
  middleware: ConnectionMiddleware[];
  consumer: Consumer<Namespace>;
};

/**
 * The routing table (Channels' ProtocolTypeRouter + URLRouter): which
 * consumer serves each namespace, behind which middleware.
 */
export function routes(base: BaseMiddleware): Route[] {
  // The limit before the session: a refused handshake costs no database lookup.
  const common = [base.origin, base.handshakeLimit, base.session, base.visitor, base.replyChannel];
  return [
    { namespace: '/', middleware: common, consumer: homeConsumer as Consumer<Namespace> },
    { namespace: '/jobs', middleware: common, consumer: jobsConsumer as Consumer<Namespace> },
    { namespace: '/liveblog', middleware: common, consumer: liveblogConsumer as Consumer<Namespace> },
    { namespace: '/chat', middleware: common, consumer: chatConsumer as Consumer<Namespace> },
  ];
}
