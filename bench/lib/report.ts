import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { REPO_ROOT } from '../../server/testing/switchyard-process.ts';
import type { ScenarioResult } from './scenario-result.ts';
import { round } from './stats.ts';

/** Switchyard's figures divided by the bare server's (1.0 = as good as bare; lower is better). */
export type Ratios = { latencyP50: number; latencyP99: number; cpuPerDelivery: number | null; rssPerConnection: number };

/** Divides Switchyard's figures by the bare server's. */
export function ratios(switchyard: ScenarioResult, bare: ScenarioResult): Ratios {
  const [ours, theirs] = [switchyard.cpu.serverPerDeliveryUs, bare.cpu.serverPerDeliveryUs];
  const cpu = ours !== null && theirs ? ours / theirs : null;
  return {
    latencyP50: round(switchyard.latencyMs.p50 / bare.latencyMs.p50),
    latencyP99: round(switchyard.latencyMs.p99 / bare.latencyMs.p99),
    cpuPerDelivery: cpu === null ? null : round(cpu),
    rssPerConnection: round(switchyard.memory.rssPerConnectionKB / bare.memory.rssPerConnectionKB),
  };
}

/** One target of the issue: its limit, the figure measured, and whether this run's scale is the one the target is stated for. */
export type Target = { limit: number; actual: number | null; pass: boolean; applies: boolean; statedFor: string };

/**
 * The targets for Switchyard on this 2-core machine. The ratio targets
 * are stated for 1,000 clients; the others for every scale up to 10,000.
 */
export function checkTargets(clients: number, switchyard: ScenarioResult, ratio: Ratios | null) {
  const target = (limit: number, actual: number | null, statedFor: string, applies = true): Target => ({
    limit,
    actual,
    pass: actual !== null && Number.isFinite(actual) && actual <= limit,
    applies,
    statedFor,
  });
  const atThousand = clients <= 1000;
  const targets = {
    latencyP50VsBare: target(1.3, ratio?.latencyP50 ?? null, 'ratio to bare at 1,000 clients', atThousand && ratio !== null),
    cpuPerDeliveryVsBare: target(1.3, ratio?.cpuPerDelivery ?? null, 'ratio to bare at 1,000 clients', atThousand && ratio !== null),
    latencyP99Ms: target(250, switchyard.latencyMs.p99, 'up to 10,000 clients'),
    lost: target(0, switchyard.lost, 'up to 10,000 clients'),
    rssPerConnectionKB: target(16, switchyard.memory.rssPerConnectionKB, 'idle connection, any scale'),
    serverCpuPerDeliveryUs: target(20, switchyard.cpu.serverPerDeliveryUs, 'any scale'),
  };
  const met = Object.values(targets).every((t) => !t.applies || t.pass);
  return { ...targets, met };
}

/** What the run ran on. */
export function machineInfo() {
  const version = (pkg: string) => (JSON.parse(readFileSync(`${REPO_ROOT}node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    socketIo: version('socket.io'),
    socketIoClient: version('socket.io-client'),
  };
}
