import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection.ts';

const PROBE_TIMEOUT_MS = 1000;
const RECHECK_MS = 500;

/** What watchSubscription reports. */
export type SubscriptionEvents = {
  /** The subscription is up: at first, and after each interruption. */
  onReady(): void;
  /** (Cluster only) messages are being missed from now until the next `onReady`. */
  onInterrupted(): void;
};

/**
 * Calls `onReady` when the subscription connection is up at first, and again
 * each time it is back after an interruption during which messages on
 * `channels` may have been missed.
 *
 * One Redis: every `ready` of the connection. A Redis Cluster's client stays
 * `ready` while one shard fails over or a slot moves; its sharded
 * subscribers (one per primary) resubscribe by themselves and then emit
 * `subscribersReady` — also after each failed attempt to reach a dead
 * primary. So an interruption is the loss of the subscriber of a primary
 * serving one of `channels`, or a move of one of their slots to another
 * primary (which drops the sharded subscriptions of a slot it hands over);
 * the subscription counts as back once a probe published on each of
 * `channels` comes back through it (checked at each resubscription, and
 * every RECHECK_MS until then). `onInterrupted` comes as soon as the loss
 * or the move is seen, before the subscribers resubscribe. A failover or reshard
 * elsewhere in the cluster calls nothing. Returns a function that stops watching.
 */
export function watchSubscription(sub: RedisClient, channels: readonly string[], { onReady, onInterrupted }: SubscriptionEvents): () => void {
  if (!(sub instanceof Cluster)) {
    if (sub.status === 'ready') onReady();
    sub.on('ready', onReady);
    return () => void sub.off('ready', onReady);
  }
  const slots = Promise.all(channels.map(async (channel) => Number(await sub.cluster('KEYSLOT', channel))));
  // A client closed before it ever connected answers nothing; no resubscription needs them then.
  slots.catch(() => {});
  // Node keys (host:port) of the primaries serving each of `channels` at the last resubscription, and those lost since.
  let owners: string[] | undefined;
  let channelSlots: number[] = [];
  void slots.then((resolved) => (channelSlots = resolved));
  const lost = new Set<string>();
  let interrupted = false;
  let stopped = false;
  let checks = Promise.resolve();
  // Said as soon as it is known: a primary serving a channel is gone, or a channel's slot has a new owner.
  const interrupt = () => {
    if (!interrupted && owners !== undefined) onInterrupted();
    interrupted = owners !== undefined;
  };
  const onLost = (_node: unknown, nodeKey?: string) => {
    if (!nodeKey) return;
    lost.add(nodeKey);
    if (owners?.includes(nodeKey)) interrupt();
  };
  const onRefresh = () => {
    if (channelSlots.some((slot, i) => (sub.slots[slot]?.[0] ?? '') !== owners?.[i])) interrupt();
  };
  const check = async () => {
    const now = (await slots).map((slot) => sub.slots[slot]?.[0] ?? '');
    const first = owners === undefined;
    if (!first && now.some((key, i) => key !== owners?.[i] || lost.has(key))) interrupt();
    owners = now;
    lost.clear();
    if (first || (interrupted && !stopped && (await heard(sub, channels)))) {
      interrupted = false;
      onReady();
    } else if (interrupted && !stopped) {
      // Not back yet: look again, whether or not the subscribers resubscribe once more.
      setTimeout(onSubscribed, RECHECK_MS).unref();
    }
  };
  const onSubscribed = () => void (checks = checks.then(check).catch(() => {}));
  if (sub.status === 'ready') onSubscribed();
  sub.on('-node', onLost);
  sub.on('refresh', onRefresh);
  sub.on('subscribersReady', onSubscribed);
  return () => {
    stopped = true;
    sub.off('-node', onLost);
    sub.off('refresh', onRefresh);
    sub.off('subscribersReady', onSubscribed);
  };
}

/**
 * True when a probe published on each channel comes back through the
 * subscription within PROBE_TIMEOUT_MS: everything published after it will
 * too. The probe is no valid adapter message (not JSON, trailing bytes for
 * msgpack), so every adapter drops it.
 */
async function heard(sub: Cluster, channels: readonly string[]): Promise<boolean> {
  const probe = `probe:${randomBytes(8).toString('hex')}`;
  const waiting = new Set(channels);
  let onMessage: (channel: Buffer, message: Buffer) => void = () => {};
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    onMessage = (channel, message) => {
      if (message.toString() !== probe) return;
      waiting.delete(channel.toString());
      if (waiting.size > 0) return;
      clearTimeout(timer);
      resolve(true);
    };
  });
  sub.on('smessageBuffer', onMessage);
  try {
    await Promise.all(channels.map((channel) => sub.spublish(channel, probe)));
    return await arrived;
  } catch {
    return false;
  } finally {
    sub.off('smessageBuffer', onMessage);
  }
}
