import type { RoutedConsumer } from './consumers/consumer.ts';
import { homeConsumer } from './consumers/home.ts';
import type { ConnectionMiddleware } from './middleware/connection-middleware.ts';
import type { ClientEventSpec } from './protocol/namespace-spec.ts';
import type { ProtocolIndex } from './protocol/protocol-index.ts';

/** The middleware every route starts with, built by the interface server from config. */
export type BaseMiddleware = {
  origin: ConnectionMiddleware;
  handshakeLimit: ConnectionMiddleware;
  session: ConnectionMiddleware;
  visitor: ConnectionMiddleware;
  replyChannel: ConnectionMiddleware;
};

/** One route: a namespace, the middleware its handshakes pass (in order), its consumer and the client events it accepts. */
export type Route = {
  namespace: string;
  middleware: ConnectionMiddleware[];
  consumer: RoutedConsumer;
  clientEvents: Readonly<Record<string, ClientEventSpec>>;
};

/**
 * The routing table (Channels' ProtocolTypeRouter + URLRouter): the kit's
 * root namespace and each feature's consumer, behind the same middleware,
 * each accepting the client events its namespace's protocol defines.
 */
export function routes(base: BaseMiddleware, consumers: readonly RoutedConsumer[], protocol: ProtocolIndex): Route[] {
  // The limit before the session: a refused handshake costs no database lookup.
  const common = [base.origin, base.handshakeLimit, base.session, base.visitor, base.replyChannel];
  return [homeConsumer as RoutedConsumer, ...consumers].map((consumer) => {
    if (!protocol.namespaces.includes(consumer.namespace)) {
      throw new Error(`the consumer of ${consumer.namespace} has no protocol: register its feature in the application (defineApp)`);
    }
    return { namespace: consumer.namespace, middleware: common, consumer, clientEvents: protocol.clientEvents(consumer.namespace) };
  });
}
