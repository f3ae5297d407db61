import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';
import { waitFor } from './wait-for.ts';

/** A redis-server of a test's or drill's own, so taking Redis away never touches the shared one. */
export type PrivateRedis = {
  readonly url: string;
  /** kill -9: the data is gone (no persistence, like the shared test Redis). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it answers. */
  start(): Promise<void>;
};

/** Starts `redis-server` as a child on a free loopback port, without persistence; resolves once it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    await waitFor(`redis-server on port ${port}`, 10_000, async () => {
      if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG' || undefined;
      } finally {
        probe.disconnect();
      }
    });
  };
  const kill = async () => {
    child?.kill('SIGKILL');
    await exited;
  };
  await start();
  process.once('exit', () => child?.kill('SIGKILL'));
  return { url, kill, start };
}
