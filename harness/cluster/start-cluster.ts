import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.ts';
import { serverListening } from '../../server/testing/spawn-server.ts';
import { startSwitchyardProcess } from '../../server/testing/switchyard-process.ts';
import type { SwitchyardProcess } from '../../server/testing/switchyard-process.ts';
import { startNginx } from './nginx.ts';
import type { RunningNginx } from './nginx.ts';

/**
 * `npm run start:cluster -- [--servers N] [--workers M]`: N interface servers
 * (default 2) on loopback ports PORT+1…PORT+N and M worker processes (default
 * 1) serving every channel, behind nginx on HOST:PORT (deploy/nginx.conf.template).
 * Everything is a child of this process: Ctrl-C (or SIGTERM) stops them all
 * gracefully. One server dying does not stop the others — kill one to watch
 * its clients move; the cluster ends when nginx or the last server ends.
 */
const { values } = parseArgs({ options: { servers: { type: 'string', default: '2' }, workers: { type: 'string', default: '1' } } });
const count = (name: 'servers' | 'workers', min: number) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min || value > 64) throw new Error(`--${name} must be an integer from ${min} to 64, got "${values[name]}"`);
  return value;
};
const serverCount = count('servers', 1);
const workerCount = count('workers', 0);
const config = loadConfig();
const log = (line: string) => console.log(`[cluster] ${line}`);

const members: SwitchyardProcess[] = [];
let nginx: RunningNginx | undefined;
let stopping = false;

/** Starts one member with the kit (server/testing/switchyard-process.ts), its output echoed with its name. */
function startMember(name: string, entry: string, args: string[], env: Record<string, string>): SwitchyardProcess {
  const member = startSwitchyardProcess({ name, entry, args, env, echo: process.stdout });
  members.push(member);
  void member.exited.then(() => {
    if (stopping) return;
    log(`${name} (pid ${member.pid}) exited (${member.exitStatus()})`);
    if (!members.some((m) => m.name.startsWith('server') && m.exitStatus() === undefined)) void stop(1);
  });
  return member;
}

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  await Promise.all(members.map((member) => member.stop('SIGTERM', { graceMs: config.shutdownTimeoutMs + 5000 })));
  await nginx?.stop();
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

const ports = Array.from({ length: serverCount }, (_, i) => config.port + 1 + i);
const servers = ports.map((port, i) => startMember(`server ${i + 1}`, 'server/main.ts', [], { HOST: '127.0.0.1', PORT: String(port), TRUST_PROXY: '1' }));
for (let i = 0; i < workerCount; i += 1) {
  // Each worker on this machine needs its own metrics port (0 keeps them all off).
  const metricsPort = config.workerMetricsPort === 0 ? 0 : config.workerMetricsPort + i;
  startMember(`worker ${i + 1}`, 'workers/main.ts', ['--all'], { WORKER_METRICS_PORT: String(metricsPort) });
}
try {
  const urls = await Promise.all(servers.map((server) => serverListening(server, 120_000)));
  nginx = await startNginx({ host: config.host, port: config.port, upstreams: ports.map((port) => `127.0.0.1:${port}`) });
  void nginx.exited.then((code) => {
    if (stopping) return;
    log(`nginx exited (${code}); stopping the cluster`);
    void stop(1);
  });
  const workers = `${workerCount} worker${workerCount === 1 ? '' : 's'}`;
  log(`ready: ${nginx.url} → ${serverCount} interface servers (${urls.join(', ')}), ${workers}; Ctrl-C stops all`);
} catch (error) {
  log(`failed to start: ${(error as Error).message}`);
  await stop(1);
}
