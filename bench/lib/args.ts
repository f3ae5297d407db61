import { parseArgs } from 'node:util';
import type { ClientKind } from './clients.ts';

/** The fan-out bench's command line, parsed and checked. */
export type BenchArgs = {
  clients: number;
  broadcasts: number;
  intervalMs: number;
  generators: number;
  servers: number;
  concurrency: number;
  settleMs: number;
  timeoutS: number;
  rounds: number;
  scenarios: ('bare' | 'switchyard' | 'traced')[];
  client: ClientKind;
  cpuProf: boolean;
  /** Many groups, against one Redis and a 3-primary Redis Cluster (lib/cluster-fanout.ts) instead of the scenarios. */
  cluster: boolean;
};

/** Usage text, printed with argument errors. */
export const USAGE = `usage: npm run bench:fanout -- [options]
  --clients N        socket.io clients (default 1000)
  --broadcasts M     measured broadcasts (default 50)
  --interval-ms T    time between broadcasts (default max(100, clients/20))
  --generators G     client generator processes (default clients/2500, 2..8)
  --servers S        Switchyard interface server processes (default 2)
  --concurrency C    connection attempts in flight per generator (default 50)
  --settle-ms Q      quiet time before reading memory (default 1500)
  --timeout-s H      hard limit for the whole run (default rounds × max(300, 60 + clients × 0.03))
  --rounds R         repeat both scenarios R times, alternating; figures are medians (default 1)
  --scenarios LIST   bare,switchyard,traced (default bare,switchyard; the ratios need both;
                     traced: Switchyard with tracing on, TRACE_SAMPLE_RATIO 0.01, spans to a local sink)
  --client KIND      socket.io-client (default) or lean: a minimal protocol
                     client that takes less CPU from the servers (lib/lean-client.ts)
  --cluster          instead of the scenarios: N readers in N/10 groups of 10 plus one group of N
                     (liveblogs), against a Redis and a 3-primary Redis Cluster of the bench's own,
                     alternating every round; per-node Redis CPU and servers' CPU per delivery
  --cpu-prof         write every process's V8 CPU profile to bench/results/prof-<time>/
  --help             print this`;

/** Thrown for --help: the message is the usage, and it is not an error. */
export class UsageRequested extends Error {}

/** Parses argv (without node and script); throws with the usage on a bad value. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      broadcasts: { type: 'string' },
      'interval-ms': { type: 'string' },
      generators: { type: 'string' },
      servers: { type: 'string' },
      concurrency: { type: 'string' },
      'settle-ms': { type: 'string' },
      'timeout-s': { type: 'string' },
      scenarios: { type: 'string' },
      rounds: { type: 'string' },
      client: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      cluster: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new UsageRequested(USAGE);
  const int = (name: string, fallback: number, min: number) => {
    const raw = values[name as keyof typeof values];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${String(raw)}"\n${USAGE}`);
    return value;
  };
  const clients = int('clients', 1000, 1);
  const scenarios = (values.scenarios ?? 'bare,switchyard').split(',').map((s) => s.trim());
  for (const scenario of scenarios) {
    if (scenario !== 'bare' && scenario !== 'switchyard' && scenario !== 'traced') throw new Error(`--scenarios: unknown scenario "${scenario}"\n${USAGE}`);
  }
  const client = values.client ?? 'socket.io-client';
  if (client !== 'socket.io-client' && client !== 'lean') throw new Error(`--client: "${client}" is not socket.io-client or lean\n${USAGE}`);
  const rounds = int('rounds', 1, 1);
  const generators = int('generators', Math.min(8, Math.max(2, Math.ceil(clients / 2500))), 1);
  return {
    clients,
    broadcasts: int('broadcasts', 50, 1),
    intervalMs: int('interval-ms', Math.max(100, Math.ceil(clients / 20)), 1),
    generators: Math.min(generators, clients),
    servers: int('servers', 2, 1),
    concurrency: int('concurrency', 50, 1),
    settleMs: int('settle-ms', 1500, 0),
    rounds,
    timeoutS: int('timeout-s', rounds * Math.max(300, Math.ceil(60 + clients * 0.03)), 1),
    scenarios: scenarios as BenchArgs['scenarios'],
    client,
    cpuProf: values['cpu-prof'] ?? false,
    cluster: values.cluster ?? false,
  };
}
