import { performance } from 'node:perf_hooks';
import type { Namespace as SocketNamespace, Socket } from 'socket.io';
import { InvalidInput, PayloadTooLarge, RateLimited, UnknownEvent } from '../errors.ts';
import type { AppServices } from '../app-services.ts';
import type { Inflight } from '../inflight.ts';
import type { InterfaceLayer } from '../layer/channel-layer.ts';
import { createTokenBucket } from '../middleware/token-bucket.ts';
import { systemClientEvents } from '../protocol/events.ts';
import type { ClientEventSpec, Namespace } from '../protocol/events.ts';
import type { Scope, SocketData } from '../scope.ts';
import { rejectEvent, splitPacket, toWireError } from '../wire.ts';
import type { IncomingEvent } from '../wire.ts';
import type { ConsumerContext, RoutedConsumer } from './consumer.ts';
import { clientAddress } from '../http/client-address.ts';
import { groupRoom } from '../layer/rooms.ts';
import { logger } from '../log/logger.ts';
import { INSTANCE_ID } from '../instance-id.ts';
import { inSpan, SpanKind } from '../tracing/trace-context.ts';
import { contextInTrace } from './context-in-trace.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.ts';

/**
 * How long after attach a `groupAdd` of a group attach put the socket back in
 * writes nothing: attach's read renewed the membership for the group expiry
 * (GROUP_EXPIRY_SECONDS, at least 60 s), so within half the shortest expiry it
 * is certainly stored. A reconnecting liveblog reader's follow, within
 * milliseconds, then costs no Redis call for its two groups.
 */
const RESTORED_RENEWAL_MS = 30_000;

/** What serving a consumer needs from the interface server. */
export type ConsumerServices = {
  layer: InterfaceLayer;
  app: AppServices;
  inflight: Inflight;
  maxMessageBytes: number;
  rateLimit: { perSecond: number; burst: number };
  /** See TRUST_PROXY: how the scope's address is found behind a load balancer. */
  trustedProxies: number;
  /**
   * A socket connected at least this long (the reply window) has proven its
   * client real: when it leaves, its memberships are kept for the full group
   * expiry, not just the window a reconnect loop's channels get.
   */
  keepMembershipsAfterMs: number;
  /** Refused events, reconnects and catch-up sizes go here. */
  metrics: DeliveryMetrics;
};

type AnyHandler = (context: ConsumerContext, payload: unknown) => unknown;
/** A consumer as this module calls it: its handlers were checked against the protocol by defineConsumer, its payloads are validated here. */
type ServedConsumer = {
  events: Record<string, AnyHandler>;
  connect?(context: ConsumerContext, attached: { groups: readonly string[] }): unknown;
  disconnect?(context: ConsumerContext, reason: string): unknown;
};

/**
 * Runs a consumer on a Socket.IO namespace: attaches each connection to its
 * reply channel, then validates every incoming event (rate, name, size,
 * schema) before dispatching it to the consumer's handler. Failures go back to
 * that client as an error; they never disconnect it or reach any group.
 */
export function serveConsumer(
  nsp: SocketNamespace,
  consumer: RoutedConsumer,
  clientEvents: Readonly<Record<string, ClientEventSpec>>,
  services: ConsumerServices,
): void {
  const specs: Record<string, ClientEventSpec> = { ...clientEvents, ...systemClientEvents };
  const served = consumer as unknown as ServedConsumer;
  const debugging = logger.isLevelEnabled('debug');
  nsp.on('connection', (socket: Socket) => {
    void services.inflight.track(() => accept(socket)).catch((error: unknown) => {
      logger.error({ err: error, namespace: nsp.name, connection: socket.id }, 'connect failed');
      socket.disconnect(true);
    });
  });

  async function accept(socket: Socket) {
    const data = socket.data as SocketData;
    const replyChannel = data.replyChannel as string;
    // Made on first use: most connections never log, and a pino child (its fields redacted) costs more than most of a handshake.
    let connectionLog: Logger | undefined;
    const log = () => (connectionLog ??= logger.child({ namespace: nsp.name, connection: socket.id, replyChannel, user: data.user?.id ?? null }));
    // Until its token goes out in reply.assigned, a fresh channel has no socket but this one.
    let alone = data.freshReplyChannel === true;
    // Rooms of groups this connection joined alone (groupAddConnection): not the reply channel's memberships.
    const connectionGroups = new Set<string>();
    // The groups attach read from the store, their expiry renewed in that read, and until when a groupAdd of one needs no write.
    const restored = { groups: new Set<string>(), until: 0 };
    const context = contextFor(socket, replyChannel, data, log, () => alone, connectionGroups, restored);
    const bucket = createTokenBucket(services.rateLimit.perSecond, services.rateLimit.burst);
    const handlers = { ...served.events, 'reply.fetch': fetchReplies(socket, replyChannel) };
    // Events that arrive while the connection is being set up wait for it (in
    // order, at most the rate limit's burst of them): a handler never runs
    // against a connection that is not yet in its groups or its consumer's
    // connect. Resolves false when setup failed (the socket is then closed).
    let setupDone!: (ok: boolean) => void;
    const setUp = new Promise<boolean>((resolve) => (setupDone = resolve));
    // Handle every packet here (never calling next) so unknown events are answered, not silently dropped.
    socket.use((packet) => {
      const incoming = splitPacket(packet);
      const wait = bucket.take();
      if (wait > 0) {
        services.metrics.refused(nsp.name, 'rate_limited');
        return rejectEvent(socket, incoming, new RateLimited(wait).toWire());
      }
      void services.inflight.track(async () => {
        if (await setUp) await dispatch(socket, context, handlers, incoming);
      });
    });
    const connectedAt = Date.now();
    socket.on('disconnecting', () => {
      if (Date.now() - connectedAt < services.keepMembershipsAfterMs) return;
      void services.inflight
        .track(() => services.layer.restoreMemberships(replyChannel, [...socket.rooms].filter((room) => !connectionGroups.has(room))))
        .catch((error: unknown) => toWireError(error, `${nsp.name}: keeping memberships`, log()));
    });
    socket.on('disconnect', (reason) => {
      if (debugging) log().debug({ reason }, 'disconnected');
      if (!served.disconnect) return;
      void services.inflight
        .track(async () => {
          await setUp;
          await served.disconnect?.(context, reason);
        })
        .catch((error: unknown) => toWireError(error, `${nsp.name}: disconnect handler`, log()));
    });
    try {
      if (!data.freshReplyChannel) services.metrics.reconnected(nsp.name);
      const { epoch, groups, replayed } = await services.layer.attach(socket, replyChannel, {
        lastSeq: data.lastSeq ?? 0,
        epoch: data.epoch,
        fresh: data.freshReplyChannel,
      });
      if (!data.freshReplyChannel) services.metrics.caughtUp('reply', replayed);
      for (const group of groups) restored.groups.add(group);
      restored.until = performance.now() + RESTORED_RENEWAL_MS;
      await served.connect?.(context, { groups });
      // Last: a client that has its token is in its groups and has its missed messages.
      alone = false;
      socket.emit('reply.assigned', { token: data.replyToken as string, replyChannel, epoch, server: INSTANCE_ID });
      setupDone(true);
      if (debugging) log().debug({ groups: groups.length, replayed }, 'connected');
    } catch (error) {
      setupDone(false);
      throw error;
    }
  }

  async function dispatch(socket: Socket, context: ConsumerContext, handlers: Record<string, AnyHandler>, incoming: IncomingEvent) {
    const started = performance.now();
    const eventName = String(incoming.event).slice(0, 100);
    try {
      const { event, args } = incoming;
      const spec = typeof event === 'string' && Object.hasOwn(specs, event) ? specs[event] : undefined;
      const handler = typeof event === 'string' && Object.hasOwn(handlers, event) ? handlers[event] : undefined;
      if (!spec || !handler) throw new UnknownEvent(String(event).slice(0, 100), nsp.name);
      if (args.length > 1) throw new InvalidInput(`"${event}" takes one payload argument, got ${args.length}`);
      const payload = args[0] ?? {};
      if (ArrayBuffer.isView(payload) || payload instanceof ArrayBuffer) {
        throw new InvalidInput(`payload of "${event}" is binary data; send a JSON object`);
      }
      const bytes = encodedSize(String(event), payload);
      if (bytes > services.maxMessageBytes) throw new PayloadTooLarge(`payload of "${event}"`, bytes, services.maxMessageBytes);
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) throw InvalidInput.fromZod(`payload of "${event}"`, parsed.error);
      const attributes = { 'switchyard.namespace': nsp.name, 'switchyard.event': eventName };
      // The handler gets the event's trace in its context: what it publishes, writes or enqueues continues it.
      const result = await inSpan(`${nsp.name} ${eventName}`, { kind: SpanKind.SERVER, attributes }, (_span, trace) =>
        Promise.resolve(handler(contextInTrace(context, trace), parsed.data)),
      );
      incoming.ack?.({ ok: true, data: result });
      if (debugging) context.log.debug({ event: eventName, ms: performance.now() - started }, 'event handled');
    } catch (error) {
      const wire = toWireError(error, `${nsp.name}: handler of ${eventName}`, context.log.child({ event: eventName }));
      if (debugging) context.log.debug({ event: eventName, ms: performance.now() - started, code: wire.code }, 'event refused');
      services.metrics.refused(nsp.name, wire.code);
      rejectEvent(socket, incoming, wire);
    }
  }

  function encodedSize(event: string, payload: unknown): number {
    try {
      return Buffer.byteLength(JSON.stringify(payload) ?? '');
    } catch {
      throw new InvalidInput(`payload of "${event}" is nested too deeply`);
    }
  }

  function fetchReplies(socket: Socket, replyChannel: string): AnyHandler {
    return async (_context, payload) => {
      const messages = await services.layer.fetchReplies(socket.nsp.name, replyChannel, (payload as { after: number }).after);
      services.metrics.caughtUp('reply', messages.length);
      return { messages };
    };
  }

  function contextFor(
    socket: Socket,
    replyChannel: string,
    data: SocketData,
    log: () => Logger,
    alone: () => boolean,
    connectionGroups: Set<string>,
    restored: { groups: ReadonlySet<string>; until: number },
  ): ConsumerContext {
    const scope: Scope = Object.freeze({
      connectionId: socket.id,
      namespace: consumer.namespace as Namespace,
      replyChannel,
      user: data.user ?? null,
      visitorId: data.visitorId ?? null,
      query: Object.freeze(
        Object.fromEntries(Object.entries(socket.handshake.query).filter((e): e is [string, string] => typeof e[1] === 'string')),
      ),
      address: clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], services.trustedProxies),
    });
    const layer = services.layer;
    return {
      scope,
      layer,
      app: services.app,
      get log() {
        return log();
      },
      metrics: services.metrics,
      // Put back by attach moments ago: the store holds the membership, renewed for the group expiry in that read.
      // Alone on its channel, or already in the group: no other socket needs the join broadcast.
      groupAdd: async (group) => {
        const inGroup = socket.rooms.has(groupRoom(group));
        if (inGroup && restored.groups.has(group) && performance.now() < restored.until) return;
        await (alone() || inGroup ? layer.groupAddAlone(group, replyChannel, socket) : layer.groupAdd(group, replyChannel));
      },
      groupAddConnection: (group) => {
        layer.groupAddSocket(group, socket);
        connectionGroups.add(groupRoom(group));
      },
      groupDiscard: (group) => layer.groupDiscard(group, replyChannel),
      send: (event, payload) => layer.send(replyChannel, event, payload),
    };
  }
}
