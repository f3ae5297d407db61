import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../server/testing/free-port.ts';
import { waitFor } from '../server/testing/wait-for.ts';

/** A PostgreSQL cluster of a drill's own (initdb into a temp directory), so a restart never touches the shared one. */
export type PrivatePostgres = {
  /** The URL of a database on it. */
  url(database: string): string;
  /** Fast shutdown (SIGINT): clients are disconnected, the data stays. */
  stop(): Promise<void>;
  /** Starts it again; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its directory. */
  destroy(): Promise<void>;
};

/** PostgreSQL's programs: the newest /usr/lib/postgresql/<version>/bin (Debian), else PATH. */
function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', name))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin', name) : name;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Creates a throwaway cluster (trust auth, loopback, a free port, fsync off:
 * a drill needs restarts, not durability) and starts it as a child process.
 */
export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const data = join(dir, 'data');
  const user = runAs();
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  execFileSync(binary('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...user, stdio: 'ignore' });
  const port = await freePort();
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'log_min_messages=fatal'];
    const started = spawn(binary('postgres'), args, { ...user, stdio: ['ignore', 'ignore', 'ignore'] });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    await waitFor(`private PostgreSQL on port ${port}`, 20_000, async () => {
      if (started.exitCode !== null) throw new Error(`postgres exited with ${started.exitCode}`);
      const client = new pg.Client({ connectionString: url('postgres'), connectionTimeoutMillis: 1000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    }, 200);
  };
  const stop = async () => {
    child?.kill('SIGINT');
    await exited;
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    url,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
