import type { Cluster, Redis } from 'ioredis';

/** A primary of a cluster: its connection, id and address. */
type Primary = { node: Redis; id: string; host: string; port: number };

/** Where a slot went: from one primary to another (pass `from` back to `migrateSlot` to undo it). */
export type SlotMove = { slot: number; from: string; to: string };

/**
 * Moves a hash slot from the primary that owns it to another (or to
 * `toId`), the way `redis-cli --cluster reshard` does: IMPORTING on the
 * target, MIGRATING on the source, MIGRATE the slot's keys one at a time with
 * `pauseMs` between them (so clients meet ASK redirections and, for scripts
 * over several keys, TRYAGAIN), then SETSLOT NODE everywhere (MOVED from then on).
 */
export async function migrateSlot(cluster: Cluster, slot: number, { toId, pauseMs = 0 }: { toId?: string; pauseMs?: number } = {}): Promise<SlotMove> {
  const primaries: Primary[] = await Promise.all(
    cluster.nodes('master').map(async (node) => ({ node, id: String(await node.call('CLUSTER', 'MYID')), host: node.options.host!, port: node.options.port! })),
  );
  const ownerId = await ownerOf(primaries[0]!.node, slot);
  const source = primaries.find((p) => p.id === ownerId);
  const target = primaries.find((p) => (toId ? p.id === toId : p.id !== ownerId));
  if (!source || !target || source === target) throw new Error(`migrateSlot: no primary to move slot ${slot} from ${ownerId} to ${toId ?? 'another'}`);
  await target.node.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
  await source.node.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
  for (;;) {
    const keys = (await source.node.call('CLUSTER', 'GETKEYSINSLOT', slot, 1)) as string[];
    if (keys.length === 0) break;
    await source.node.call('MIGRATE', target.host, target.port, '', 0, 5000, 'KEYS', ...keys);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  // Target first, then source, then the rest: the order redis-cli uses, so no node points back at the source.
  for (const primary of [target, source, ...primaries.filter((p) => p !== source && p !== target)]) {
    await primary.node.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
  }
  return { slot, from: source.id, to: target.id };
}

async function ownerOf(node: Redis, slot: number): Promise<string> {
  const ranges = (await node.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string], ...unknown[]][];
  const range = ranges.find(([first, last]) => first <= slot && slot <= last);
  if (!range) throw new Error(`migrateSlot: slot ${slot} has no owner`);
  return range[2][2];
}
