import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * Histogram buckets for realtime delivery, 1 ms to 10 s: a healthy hop is a
 * few ms, a slow one hundreds, and anything past 10 s is an outage, not latency.
 */
export const REALTIME_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How a broadcast reached the server that emits it to its sockets. */
export type DeliveryPath = 'local' | 'redis';

/** An interface server's delivery figures (docs/operations.md#metrics). */
export type DeliveryMetrics = {
  /** An outbox row was published `seconds` after its transaction committed (the relay). */
  relayed(seconds: number): void;
  /** A broadcast published `seconds` ago (by any interface server) was emitted to this server's sockets. */
  emitted(namespace: string, path: DeliveryPath, seconds: number): void;
  /** A client event was refused with `code` (rate_limited, invalid_input, forbidden, …). */
  refused(namespace: string, code: string): void;
  /** A client connected again with the reply channel it had (a reconnect, not a first visit). */
  reconnected(namespace: string): void;
  /** A reconnecting client was sent `messages` it had missed (`kind`: reply channel replay, liveblog, chat). */
  caughtUp(kind: string, messages: number): void;
  /** A client that stopped reading was dropped (MAX_SOCKET_BUFFER_BYTES). */
  droppedSlowClient(): void;
};

/**
 * Registers the delivery metrics on an interface server's registry:
 * `switchyard_outbox_relay_delay_seconds` (commit → relay publish),
 * `switchyard_emit_delay_seconds{namespace,path}` (publish → socket emit on
 * this server), `switchyard_catchup_messages{kind}`,
 * `switchyard_events_refused_total{namespace,code}`,
 * `switchyard_reconnects_total{namespace}` and
 * `switchyard_slow_clients_dropped_total`.
 */
export function registerDeliveryMetrics(registry: Registry): DeliveryMetrics {
  const relayed = registerRelayDelay(registry);
  const emit = new Histogram({
    name: 'switchyard_emit_delay_seconds',
    help: 'Time from a broadcast’s publish (on any interface server) to its emit to this server’s sockets',
    labelNames: ['namespace', 'path'],
    buckets: [...REALTIME_BUCKETS],
    registers: [registry],
  });
  const catchUp = new Histogram({
    name: 'switchyard_catchup_messages',
    help: 'Messages a reconnecting client was sent because it had missed them',
    labelNames: ['kind'],
    buckets: [0, 1, 5, 10, 50, 100, 500, 1000],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'switchyard_events_refused_total',
    help: 'Client events refused, by error code',
    labelNames: ['namespace', 'code'],
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'switchyard_reconnects_total',
    help: 'Connections that resumed an existing reply channel',
    labelNames: ['namespace'],
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'switchyard_slow_clients_dropped_total',
    help: 'Connections dropped because they stopped reading (MAX_SOCKET_BUFFER_BYTES)',
    registers: [registry],
  });
  return {
    relayed,
    emitted: (namespace, path, seconds) => emit.observe({ namespace, path }, Math.max(0, seconds)),
    refused: (namespace, code) => refusals.inc({ namespace, code }),
    reconnected: (namespace) => reconnects.inc({ namespace }),
    caughtUp: (kind, messages) => catchUp.observe({ kind }, messages),
    droppedSlowClient: () => dropped.inc(),
  };
}

/**
 * Registers `switchyard_outbox_relay_delay_seconds` (commit → relay publish)
 * alone, for a process that only relays (`switchyard relay`); returns its observer.
 */
export function registerRelayDelay(registry: Registry): DeliveryMetrics['relayed'] {
  const relay = new Histogram({
    name: 'switchyard_outbox_relay_delay_seconds',
    help: 'Time from an outbox row’s commit (created_at) to its publish by the relay',
    buckets: [...REALTIME_BUCKETS],
    registers: [registry],
  });
  return (seconds) => relay.observe(Math.max(0, seconds));
}
