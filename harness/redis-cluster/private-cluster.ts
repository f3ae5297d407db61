import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('./redis-cluster.sh', import.meta.url));
const run = promisify(execFile);
// Client ports are drawn from here; each node's cluster bus listens 10,000 above its port.
const FIRST_CANDIDATE = 20_000;
const CANDIDATES = 9_000;

/** A 6-node cluster of its own (3 primaries, 3 replicas), on free ports and in a directory of its own. */
export type PrivateRedisCluster = {
  /** Its nodes in REDIS_CLUSTER_NODES form. */
  readonly nodes: string;
  /** The six client ports. */
  readonly ports: readonly number[];
  /** The pid of the node listening on `port`. */
  pidOf(port: number): Promise<number>;
  /** Stops every node left and deletes the directory. */
  stop(): Promise<void>;
};

/**
 * Starts a cluster that nothing else uses (a drill kills its nodes): six
 * consecutive free ports whose bus ports (+10,000) are free too, away from
 * the 7101–7106 default of the tests' cluster, through redis-cluster.sh.
 * Resolves once every replica is linked to its primary.
 */
export async function startPrivateRedisCluster(): Promise<PrivateRedisCluster> {
  const first = await freePortRun();
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-cluster-'));
  const env = { ...process.env, REDIS_CLUSTER_PORT: String(first), REDIS_CLUSTER_DIR: dir };
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { env });
    return {
      nodes: stdout.trim(),
      ports: Array.from({ length: 6 }, (_, i) => first + i),
      pidOf: async (port) => Number((await readFile(join(dir, String(port), 'redis.pid'), 'utf8')).trim()),
      async stop() {
        await run('bash', [SCRIPT, 'stop'], { env });
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run('bash', [SCRIPT, 'stop'], { env }).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function freePortRun(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = FIRST_CANDIDATE + Math.floor(Math.random() * CANDIDATES);
    const ports = Array.from({ length: 6 }, (_, i) => first + i);
    if ((await Promise.all([...ports, ...ports.map((p) => p + 10_000)].map(isFree))).every(Boolean)) return first;
  }
  throw new Error('no six consecutive free ports (and bus ports) for a Redis Cluster');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
