import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { keysWithTtl } from '../../server/testing/redis-keys.ts';

/** What the abuse drill watches grow: a process's memory, Redis and the database. */
export type Footprint = {
  /** Resident memory of each watched process, in MB, by name. */
  rssMB: Record<string, number>;
  /** What each process that can say so keeps after a full GC (heap + external), in MB, by name. */
  heapMB: Record<string, number>;
  /** Redis `used_memory`, in MB (the drill's Redis is private, so all of it is the stack's). */
  redisMB: number;
  /** Keys under the stack's prefix. */
  redisKeys: number;
  /** Those of them without an expiry: what would stay for good. */
  lastingKeys: number;
  /** `pg_database_size` of the stack's database, in MB. */
  databaseMB: number;
};

/** Reads footprints of one drill stack. */
export type ResourceMeter = {
  read(): Promise<Footprint>;
  close(): Promise<void>;
};

/**
 * A meter for the processes `pids` (by name; `heapsKB` reads the retained
 * heap of those that can tell it), the Redis at `redisUrl` (keys under
 * `prefix`) and the database at `databaseUrl`.
 */
export function createResourceMeter(options: {
  pids: Record<string, number>;
  heapsKB: Record<string, () => Promise<number>>;
  redisUrl: string;
  prefix: string;
  databaseUrl: string;
}): ResourceMeter {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  return {
    async read() {
      const rssMB: Record<string, number> = {};
      for (const [name, pid] of Object.entries(options.pids)) rssMB[name] = await residentMB(pid);
      const heapMB: Record<string, number> = {};
      for (const [name, read] of Object.entries(options.heapsKB)) heapMB[name] = mb((await read()) * 1024);
      const info = await redis.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      const keys = await keysWithTtl(options.redisUrl, options.prefix);
      const [redisKeys, lastingKeys] = [keys.length, keys.filter(({ ttlMs }) => ttlMs === -1).length];
      const { rows } = await db.query<{ size: string }>('SELECT pg_database_size(current_database())::text AS size');
      return { rssMB, heapMB, redisMB: mb(used), redisKeys, lastingKeys, databaseMB: mb(Number(rows[0]?.size ?? 0)) };
    },
    async close() {
      redis.disconnect();
      await db.end();
    },
  };
}

/** One line comparing two footprints, e.g. `rss server 180→195 MB; heap server 40→42 MB; redis 1.2→1.9 MB (40→52 keys); database 9.1→9.8 MB`. */
export function describeGrowth(before: Footprint, after: Footprint): string {
  const rss = Object.keys(after.rssMB)
    .map((name) => `${name} ${before.rssMB[name] ?? '?'}→${after.rssMB[name]} MB`)
    .join(', ');
  const heap = Object.keys(after.heapMB)
    .map((name) => `${name} ${before.heapMB[name] ?? '?'}→${after.heapMB[name]} MB`)
    .join(', ');
  return `rss ${rss}; heap after GC ${heap}; redis ${before.redisMB}→${after.redisMB} MB (${before.redisKeys}→${after.redisKeys} keys, ${before.lastingKeys}→${after.lastingKeys} without expiry); database ${before.databaseMB}→${after.databaseMB} MB`;
}

async function residentMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return mb(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024);
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
