import calculateSlot from 'cluster-key-slot';

const SLOTS = 16_384;

/** How many sharded channels carry a namespace's room messages on a Redis Cluster, unless REDIS_PUBSUB_PARTITIONS says otherwise. */
export const DEFAULT_PUBSUB_PARTITIONS = 16;

/**
 * The channel on which interface servers' sharded adapters of a namespace
 * listen, in the adapter's "static" subscription mode. It carries what is not
 * for one room (requests and their answers, server-side emits, broadcasts to
 * several rooms or with an acknowledgement); one room's messages go on one of
 * the namespace's partitions (`roomChannel`).
 */
export function shardedChannel(channelPrefix: string, namespace: string): string {
  return `${channelPrefix}#${namespace}#`;
}

/**
 * The namespace's partition channels: `<namespace channel>{<prefix>#p<n>}`.
 * Their hash tags are chosen so that partition i's slot lies in the i-th of
 * `partitions` equal stretches of the slot space: the partitions spread over
 * the primaries as evenly as the slots do (5, 6 and 5 of 16 on a 3-primary
 * cluster with the usual slot ranges). The tags include the prefix, so
 * deployments sharing a cluster use different slots.
 */
export function partitionChannels(channelPrefix: string, namespace: string, partitions: number): string[] {
  return partitionTags(channelPrefix, partitions).map((tag) => `${shardedChannel(channelPrefix, namespace)}{${tag}}`);
}

/**
 * The channel a message for one room goes on: the partition its name hashes
 * to. Every publisher and every server computes it the same way, so a room's
 * join (SOCKETS_JOIN for the room joined) and the broadcasts to it travel on
 * one channel, in the order they were published.
 */
export function roomChannel(channelPrefix: string, namespace: string, room: string, partitions: number): string {
  const tag = partitionTags(channelPrefix, partitions)[calculateSlot(room) % partitions] as string;
  return `${shardedChannel(channelPrefix, namespace)}{${tag}}`;
}

/** Every channel an interface server subscribes to for a namespace: its channel and its partitions. */
export function namespaceChannels(channelPrefix: string, namespace: string, partitions: number): string[] {
  return [shardedChannel(channelPrefix, namespace), ...partitionChannels(channelPrefix, namespace, partitions)];
}

// Tags per prefix and count; a process uses one or two (tests: one per server), so the memo stays small.
const known = new Map<string, readonly string[]>();
const KNOWN_MAX = 64;

// The first tag `<prefix>#p<n>` whose slot falls in each stretch (a few thousand CRC16s at most, once).
function partitionTags(channelPrefix: string, partitions: number): readonly string[] {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 256) {
    throw new RangeError(`pub/sub partitions must be an integer from 1 to 256 (REDIS_PUBSUB_PARTITIONS), got ${partitions}`);
  }
  const key = `${partitions} ${channelPrefix}`;
  const found = known.get(key);
  if (found) return found;
  const tags: string[] = [];
  for (let n = 0; tags.length < partitions; n += 1) {
    const tag = `${channelPrefix}#p${n}`;
    if (Math.floor((calculateSlot(tag) * partitions) / SLOTS) === tags.length) tags.push(tag);
  }
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(key, tags);
  return tags;
}
