import type { Redis } from 'ioredis';
import pg from 'pg';
import { cpuMicros, cpuMicrosBetween, cpuMicrosOfCommands, machineCpu } from './proc.ts';
import type { MachineCpu } from './proc.ts';
import { cpuMicrosOf } from './redis-nodes.ts';

/**
 * What bench:reconnect-storm reads at the start and end of a window: CPU of
 * the processes it cares about (/proc), the private Redis's commands (INFO
 * commandstats, its INFO left out: the bench's own) and CPU, and the scratch database's counters
 * (pg_stat_database: pg_stat_statements is not loaded on the shared server, so
 * transactions stand in for queries — a Prisma query outside a transaction
 * is one transaction — beside rows returned and fetched).
 */
export type Counters = {
  at: number;
  machine: MachineCpu;
  processes: Record<string, number>;
  postgresCpu: Map<number, number>;
  redisCpu: number;
  redisCommands: Map<string, number>;
  pg: { xacts: number; tupReturned: number; tupFetched: number };
};

/** Reads every counter; `processes` names the pids to read CPU from. */
export async function readCounters(processes: Record<string, number>, redis: Redis, redisPort: number, db: pg.Client): Promise<Counters> {
  const [info, [node], stats] = await Promise.all([
    redis.info('commandstats'),
    cpuMicrosOf([redisPort]),
    db.query<{ xacts: string; returned: string; fetched: string }>(
      'SELECT xact_commit + xact_rollback AS xacts, tup_returned AS returned, tup_fetched AS fetched FROM pg_stat_database WHERE datname = current_database()',
    ),
  ]);
  const redisCommands = new Map([...info.matchAll(/^cmdstat_(\S+):calls=(\d+)/gm)].map((m) => [m[1] as string, Number(m[2])]));
  const row = stats.rows[0];
  return {
    at: performance.now(),
    machine: machineCpu(),
    processes: Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuMicros(pid)])),
    postgresCpu: cpuMicrosOfCommands(['postgres']),
    redisCpu: node?.micros ?? 0,
    redisCommands,
    pg: { xacts: Number(row?.xacts ?? 0), tupReturned: Number(row?.returned ?? 0), tupFetched: Number(row?.fetched ?? 0) },
  };
}

/** The difference between two readings: CPU in ms (per process, PostgreSQL, Redis, the rest of the machine), commands, database counters. */
export function countersBetween(before: Counters, after: Counters) {
  const ms = (micros: number) => Math.round(micros / 100) / 10;
  const seconds = (after.at - before.at) / 1000;
  const processes = Object.fromEntries(Object.keys(after.processes).map((name) => [name, ms((after.processes[name] ?? 0) - (before.processes[name] ?? 0))]));
  const postgres = ms(cpuMicrosBetween(before.postgresCpu, after.postgresCpu));
  const redis = ms(after.redisCpu - before.redisCpu);
  const busy = ms(after.machine.busy - before.machine.busy);
  const commands = [...after.redisCommands].map(([name, calls]) => [name, calls - (before.redisCommands.get(name) ?? 0)] as const).filter(([name, calls]) => calls > 0 && name !== 'info');
  commands.sort((a, b) => b[1] - a[1]);
  const known = Object.values(processes).reduce((sum, value) => sum + value, 0) + postgres + redis;
  return {
    seconds: Math.round(seconds * 1000) / 1000,
    cpuMs: <Record<string, number> & { postgres: number }>{ ...processes, postgres, redis, other: Math.round((busy - known) * 10) / 10, machineBusyShare: Math.round((busy / (seconds * 1000 * machineCores(before, after))) * 1000) / 1000 },
    redisCommands: { total: commands.reduce((sum, [, calls]) => sum + calls, 0), byCommand: Object.fromEntries(commands.slice(0, 10)) },
    postgres: {
      transactions: after.pg.xacts - before.pg.xacts,
      rowsReturned: after.pg.tupReturned - before.pg.tupReturned,
      rowsFetched: after.pg.tupFetched - before.pg.tupFetched,
    },
  };
}

function machineCores(before: Counters, after: Counters): number {
  const wallMicros = (after.at - before.at) * 1000;
  return wallMicros > 0 ? Math.max(1, Math.round((after.machine.total - before.machine.total) / wallMicros)) : 1;
}

/**
 * Samples the database's connections (pg_stat_activity) every `everyMs` on
 * `db` (which it closes when stopped): the most open, and the most running a
 * statement at once; the bench's own connections are left out.
 */
export function sampleConnections(db: pg.Client, everyMs: number) {
  let most = { open: 0, active: 0 };
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query<{ open: number; active: number }>(
        `SELECT count(*)::int AS open, (count(*) FILTER (WHERE state = 'active'))::int AS active FROM pg_stat_activity WHERE datname = current_database() AND application_name <> '${BENCH_APPLICATION}'`,
      );
      const row = rows[0] ?? { open: 0, active: 0 };
      most = { open: Math.max(most.open, row.open), active: Math.max(most.active, row.active) };
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await db.end();
      return { ...most, samples, everyMs };
    },
  };
}

const BENCH_APPLICATION = 'bench-reconnect-storm';

/** Opens a plain pg client on the database (the bench's own connection, left out of the connection counts). */
export async function connectDatabase(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: BENCH_APPLICATION });
  await client.connect();
  return client;
}
