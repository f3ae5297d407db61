import { Redis } from 'ioredis';
import { waitFor } from '../server/testing/wait-for.ts';

/**
 * Questions a drill asks a Redis Cluster's nodes directly (one short
 * connection per question): who owns a slot, are the replicas linked, has a
 * replica taken over.
 */
async function ask<T>(port: number, question: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  node.on('error', () => {});
  try {
    await node.connect();
    return await question(node);
  } finally {
    node.disconnect();
  }
}

/** The hash slot of a key or channel. */
export function slotOf(port: number, key: string): Promise<number> {
  return ask(port, async (node) => Number(await node.call('CLUSTER', 'KEYSLOT', key)));
}

/** The port of the primary that owns `slot`, as node `port` sees the cluster. */
export function ownerOf(port: number, slot: number): Promise<number> {
  return ask(port, async (node) => {
    const ranges = (await node.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string], ...unknown[]][];
    const range = ranges.find(([first, last]) => first <= slot && slot <= last);
    if (!range) throw new Error(`slot ${slot} has no owner`);
    return range[2][1];
  });
}

/** `INFO <section>` of a node as a field → value map. */
export function info(port: number, section: string): Promise<Map<string, string>> {
  return ask(port, async (node) => {
    const text = await node.info(section);
    return new Map(text.split('\r\n').flatMap((line) => (line.includes(':') ? [line.split(':', 2) as [string, string]] : [])));
  });
}

/**
 * Waits until every replica among `ports` reports its link to its primary
 * up: a replica whose link is down refuses to take over when the primary dies.
 */
export async function replicasLinked(ports: readonly number[], timeoutMs: number): Promise<void> {
  await waitFor('every replica linked to its primary', timeoutMs, async () => {
    const roles = await Promise.all(ports.map((port) => info(port, 'replication')));
    const replicas = roles.filter((role) => role.get('role') === 'slave');
    return replicas.length === 3 && replicas.every((role) => role.get('master_link_status') === 'up') ? true : undefined;
  });
}

/** Waits until node `askPort` sees `slot` owned by a primary other than `formerPort` and the cluster state ok; resolves its port. */
export function promoted(askPort: number, slot: number, formerPort: number, timeoutMs: number): Promise<number> {
  return waitFor(`a replica owning slot ${slot}`, timeoutMs, async () => {
    const owner = await ownerOf(askPort, slot).catch(() => formerPort);
    return owner !== formerPort && (await clusterOk(askPort)) ? owner : undefined;
  }, 50);
}

async function clusterOk(port: number): Promise<boolean> {
  return ask(port, async (node) => String(await node.call('CLUSTER', 'INFO')).includes('cluster_state:ok')).catch(() => false);
}
