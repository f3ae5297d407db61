import type { AppServices } from '../app-services.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import type {
  ClientEventName,
  ClientEventPayload,
  ClientEventReply,
  Namespace,
  ServerEventInput,
  ServerEventName,
} from '../protocol/events.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.ts';
import type { Scope } from '../scope.ts';

/**
 * What a consumer's handlers get besides the payload: the scope and this
 * connection's channel operations. A traced event's handler gets a context of
 * its own (its publishes and writes continue the event's trace), so keep
 * per-connection state by `scope`, one object for the connection's life.
 */
export type ConsumerContext = {
  readonly scope: Scope;
  /** The channel layer, for groups and reply channels other than this connection's. */
  readonly layer: ChannelLayer;
  /** The application's services (database, worker queues). */
  readonly app: AppServices;
  /** This connection's logger: its lines carry the namespace, connection, reply channel, user and (in a handler) event. */
  readonly log: Logger;
  /** Delivery metrics a handler feeds: how many missed messages a catch-up sent (`/metrics`, docs/operations.md). */
  readonly metrics: Pick<DeliveryMetrics, 'caughtUp'>;
  /** Adds this client's reply channel to a group: its sockets now and those that connect with it later, on every server and namespace. */
  groupAdd(group: string): Promise<void>;
  /**
   * Adds this connection alone, not its reply channel, to a group until it
   * disconnects. Nothing is stored, so it costs no Redis round trip; the
   * client's next connection is in the group only if its consumer adds it
   * again. For a group a `connect` joins on every connection anyway (the
   * root namespace's announcements). `groupDiscard` removes it too.
   */
  groupAddConnection(group: string): void;
  /** Removes this client's reply channel from a group. */
  groupDiscard(group: string): Promise<void>;
  /** Sends an event to this client's own reply channel. */
  send<E extends ServerEventName>(event: E, payload: ServerEventInput<E>): Promise<void>;
};

/** A handler for client event E of namespace N: gets the parsed payload, returns what the ack carries. */
export type EventHandler<N extends Namespace, E extends ClientEventName<N>> = (
  context: ConsumerContext,
  payload: ClientEventPayload<N, E>,
) => Promise<ClientEventReply<N, E>> | ClientEventReply<N, E>;

/** A consumer: Channels' connect / receive / disconnect for one namespace, with a handler per event name. */
export type Consumer<N extends Namespace> = {
  readonly namespace: N;
  /**
   * Runs once the connection is accepted and attached to its reply channel;
   * `attached.groups` are the groups earlier connections of the channel were
   * put in, which this one joined too.
   */
  connect?(context: ConsumerContext, attached: { groups: readonly string[] }): Promise<void> | void;
  /** One handler per client event of the namespace; the protocol says which exist. */
  readonly events: { [E in ClientEventName<N>]: EventHandler<N, E> };
  /** Runs when the connection closes, with Socket.IO's reason. */
  disconnect?(context: ConsumerContext, reason: string): Promise<void> | void;
};

/**
 * Defines the consumer of a namespace. The compiler checks that every event of
 * the namespace has a handler with the right payload and reply types.
 *
 * @example
 * export const home = defineConsumer('/', {
 *   connect: (ctx) => ctx.groupAddConnection('announcements'),
 *   events: { 'connection.ping': (_ctx, { sentAt }) => ({ sentAt, serverTime: Date.now() }), ... },
 * });
 */
export function defineConsumer<N extends Namespace>(namespace: N, spec: Omit<Consumer<N>, 'namespace'>): Consumer<N> {
  return { namespace, ...spec };
}

/**
 * A consumer of some namespace as routing holds it: defineConsumer has
 * already checked its handlers against the protocol, so this type need not
 * know the protocol (which would tie a feature's type to the registered
 * application's, server/protocol/register.ts).
 */
export type RoutedConsumer = {
  readonly namespace: string;
  readonly events: Readonly<Record<string, (...args: never[]) => unknown>>;
  connect?(...args: never[]): unknown;
  disconnect?(...args: never[]): unknown;
};

