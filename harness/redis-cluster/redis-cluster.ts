import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('./redis-cluster.sh', import.meta.url));
const run = promisify(execFile);

/** A loopback Redis Cluster started by redis-cluster.sh. */
export type LocalRedisCluster = {
  /** Its nodes in REDIS_CLUSTER_NODES form (`127.0.0.1:7101,…`). */
  readonly nodes: string;
  /** True when this call started it (a healthy cluster found running is left to whoever started it). */
  readonly started: boolean;
  /** Stops the nodes, if this call started them. */
  stop(): Promise<void>;
};

/**
 * Starts the 6-node cluster (3 primaries, 3 replicas) whose first port is
 * `firstPort` (REDIS_CLUSTER_PORT, default 7101), or finds it already healthy;
 * resolves once every replica is linked.
 */
export async function startLocalRedisCluster(firstPort = Number(process.env.REDIS_CLUSTER_PORT ?? 7101)): Promise<LocalRedisCluster> {
  const env = { ...process.env, REDIS_CLUSTER_PORT: String(firstPort) };
  const running = await run('bash', [SCRIPT, 'status'], { env }).then(
    () => true,
    () => false,
  );
  const { stdout } = await run('bash', [SCRIPT, 'start'], { env });
  const started = !running;
  return {
    nodes: stdout.trim(),
    started,
    async stop() {
      if (started) await run('bash', [SCRIPT, 'stop'], { env });
    },
  };
}
