import type { Server } from 'socket.io';
import { stampPublish } from '../layer/publish-stamp.ts';
import type { StampedPacket } from '../layer/publish-stamp.ts';
import { markSpan, SpanKind } from '../tracing/trace-context.ts';
import type { DeliveryMetrics } from './delivery-metrics.ts';

// The two adapter methods every broadcast passes through (socket.io-adapter 2.5,
// the in-memory, Redis and cluster adapters alike): `broadcast` where it is
// published, `_encode` once per server that emits it to its sockets — for
// broadcasts from Redis too, which the adapter hands to the base class's broadcast.
type AdapterHooks = {
  broadcast(packet: StampedPacket, opts: unknown): void;
  _encode(packet: StampedPacket, opts: unknown): unknown;
};

/**
 * Times every broadcast from its publish to its emit on this server:
 * broadcasts published here are stamped (Redis carries the stamp to the other
 * servers; the emitter stamps its own, server/layer/publish-stamp.ts), and
 * each emit to this server's sockets observes its age in
 * `switchyard_emit_delay_seconds{namespace,path}` — `local` when published
 * here, `redis` when it came from another process (across machines this
 * includes their clock difference: keep them NTP-synchronised). A traced
 * broadcast's emit is also a span, `socket.emit <namespace>`, in the trace of
 * its publish. Call once the layer has installed its adapter.
 */
export function timeEmits(io: Server, namespaces: readonly string[], metrics: Pick<DeliveryMetrics, 'emitted'>): void {
  for (const namespace of namespaces) {
    const adapter = io.of(namespace).adapter as unknown as AdapterHooks;
    const publishedHere = new WeakSet<StampedPacket>();
    const broadcast = adapter.broadcast.bind(adapter);
    const encode = adapter._encode.bind(adapter);
    adapter.broadcast = (packet, opts) => {
      stampPublish(packet);
      publishedHere.add(packet);
      broadcast(packet, opts);
    };
    adapter._encode = (packet, opts) => {
      const path = publishedHere.has(packet) ? 'local' : 'redis';
      if (typeof packet.publishedAt === 'number') metrics.emitted(namespace, path, (Date.now() - packet.publishedAt) / 1000);
      if (packet.trace) {
        const attributes = { 'switchyard.path': path, 'switchyard.event': eventOf(packet) };
        markSpan(`socket.emit ${namespace}`, { kind: SpanKind.CONSUMER, parent: packet.trace, attributes });
      }
      return encode(packet, opts);
    };
  }
}

// The event a packet delivers: a reply's own (`job.progress` inside `reply.message`), else the packet's.
function eventOf(packet: StampedPacket): string {
  const [name, body] = packet.data ?? [];
  const inner = name === 'reply.message' && typeof body === 'object' && body !== null ? (body as { event?: unknown }).event : undefined;
  return String(inner ?? name);
}
