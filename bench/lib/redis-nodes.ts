import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { sleep } from './clock.ts';

/** A Redis server of the bench's own, on a free loopback port, without persistence. */
export type PrivateRedis = { url: string; port: number; stop(): Promise<void> };

/** Starts `redis-server` (Debian's) on a free port and resolves once it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await cpuMicrosOf([port]).then(() => true, () => false)) return { url, port, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`redis-server on port ${port} did not answer within 5 s`);
}

/** A Redis node's role and the CPU time it has used so far (used_cpu_sys + used_cpu_user of INFO, µs). */
export type NodeCpu = { port: number; role: string; micros: number };

/** The role and CPU time of each Redis node on a loopback port. */
export async function cpuMicrosOf(ports: readonly number[]): Promise<NodeCpu[]> {
  return Promise.all(
    ports.map(async (port) => {
      const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // A refused connection rejects connect() below; the event would only repeat it on stderr.
      redis.on('error', () => {});
      try {
        await redis.connect();
        const info = `${await redis.info('cpu')}\n${await redis.info('replication')}`;
        const field = (name: string) => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1] ?? '';
        return { port, role: field('role'), micros: Math.round((Number(field('used_cpu_sys')) + Number(field('used_cpu_user'))) * 1e6) };
      } finally {
        redis.disconnect();
      }
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
