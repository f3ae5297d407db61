import type { ClientKind } from './clients.ts';

/**
 * What the bench's processes tell each other: the IPC messages between the
 * orchestrator and its children, and the mark a broadcast carries in its text.
 */

/** A broadcast's mark, carried in `announcement.posted`'s `text`: probe or measured, its index and send time. */
export type Mark = { kind: 'probe' | 'broadcast'; index: number; sentMs: number };

/** Writes a mark as announcement text, e.g. `"b 12 81234567.123"`. */
export function encodeMark(mark: Mark): string {
  return `${mark.kind === 'probe' ? 'p' : 'b'} ${mark.index} ${mark.sentMs}`;
}

/** Reads a mark back from announcement text; undefined for text the bench did not write. */
export function decodeMark(text: unknown): Mark | undefined {
  if (typeof text !== 'string') return undefined;
  const [kind, index, sentMs] = text.split(' ');
  if ((kind !== 'p' && kind !== 'b') || index === undefined || sentMs === undefined) return undefined;
  return { kind: kind === 'p' ? 'probe' : 'broadcast', index: Number(index), sentMs: Number(sentMs) };
}

/** What a client generator is given (JSON in its first argument). */
export type GeneratorConfig = {
  client: ClientKind;
  /** Interface server URLs; client i of the whole run connects to urls[i % urls.length]. */
  urls: string[];
  /** How many clients this generator opens. */
  clients: number;
  /** Index of this generator's first client in the whole run. */
  offset: number;
  /** How many measured broadcasts to expect. */
  broadcasts: number;
  /** Connection attempts in flight at once. */
  concurrency: number;
  /** How long one connection attempt may take, in ms. */
  connectTimeoutMs: number;
};

/** A client generator's tally, sent on request after the broadcast phase. */
export type GeneratorReport = {
  type: 'report';
  clients: number;
  connected: number;
  connectFailures: number;
  disconnects: number;
  /** Broadcasts a client received again or out of order (never expected). */
  duplicates: number;
  /** Distinct measured deliveries received. */
  received: number;
  /** Per broadcast index: deliveries, and latency of the first and last client to receive it (ms). */
  count: number[];
  firstLatencyMs: number[];
  lastLatencyMs: number[];
  /** Latency of every delivery, as histogram entries (see lib/stats.ts). */
  histogram: [number, number][];
};

/** Sent by a client generator once every connection attempt has settled. */
export type ConnectedMessage = { type: 'connected'; connected: number; failed: number; firstError?: string };

/** Sent by the publisher after the last measured broadcast. */
export type PublishedMessage = { type: 'published'; sent: number; failed: number; firstError?: string };
