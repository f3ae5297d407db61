import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from '../../server/testing/wait-for.ts';

const TEMPLATE = new URL('../../deploy/nginx.conf.template', import.meta.url);

/** Where nginx listens and the interface servers (`host:port`) it spreads connections over. */
export type NginxOptions = {
  host: string;
  port: number;
  upstreams: readonly string[];
  /** Receives each line nginx logs. Default: this process's stderr, prefixed `[nginx]`. */
  onLog?: (line: string) => void;
};

/** nginx running as a child of this process. */
export type RunningNginx = {
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code or signal once nginx has ended. */
  readonly exited: Promise<string>;
  /** Stops nginx (fast shutdown) and removes its directory. */
  stop(): Promise<void>;
};

/** deploy/nginx.conf.template with the listen address and upstream servers filled in. */
export function renderNginxConfig(options: NginxOptions): string {
  if (options.upstreams.length === 0) throw new Error('nginx needs at least one upstream server');
  const upstreams = options.upstreams.map((address) => `        server ${address} max_fails=1 fail_timeout=10s;`).join('\n');
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return readFileSync(TEMPLATE, 'utf8').replace('{{LISTEN}}', `${host}:${options.port}`).replace('{{UPSTREAMS}}', upstreams);
}

/** The nginx executable: on PATH, or Debian's /usr/sbin/nginx (not on a normal user's PATH). */
export function nginxBinary(): string {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx')), '/usr/sbin/nginx'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('nginx is not installed: apt-get install -y nginx (Debian), or your system’s nginx package');
}

/**
 * Starts nginx in the foreground as a child of this process, with a prefix
 * directory of its own under the system temp directory (config, pid, temp
 * files; errors go to this process's stderr): no system service is touched.
 * Resolves once it accepts connections.
 */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const binary = nginxBinary();
  const prefix = mkdtempSync(join(tmpdir(), 'switchyard-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers (an unprivileged user when started as root) read and write below it
  mkdirSync(join(prefix, 'tmp')); // nginx makes the temp directories in it, owned by its workers' user
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConfig(options));
  const child = spawn(binary, ['-p', `${prefix}/`, '-c', conf, '-e', 'stderr'], { stdio: ['ignore', 'inherit', 'pipe'] });
  const onLog = options.onLog ?? ((line: string) => process.stderr.write(`[nginx] ${line}\n`));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLog);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  let gone: string | undefined;
  void exited.then((code) => (gone = code));
  const cleanUp = () => rmSync(prefix, { recursive: true, force: true });
  try {
    await Promise.race([
      waitFor(`nginx on ${options.host}:${options.port}`, 10_000, async () => (await accepts(options.host, options.port)) || undefined),
      exited.then((code) => Promise.reject(new Error(`nginx exited (${code}); see its output above`))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${options.port}`,
    pid: child.pid as number,
    exited,
    async stop() {
      if (gone === undefined) child.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
