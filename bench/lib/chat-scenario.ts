import { startChild } from './children.ts';
import type { Child } from './children.ts';
import { monotonicMs, sleep } from './clock.ts';
import { machineCpu } from './proc.ts';
import type { MachineCpu } from './proc.ts';
import { cpuOf, idleCpuRate } from './server-cpu.ts';
import { deliveryBetween, scrapeDeliveryHistograms } from './server-histograms.ts';
import type { ServerDelivery } from './server-histograms.ts';
import type { ServerSet } from './servers.ts';

/** The clients, rooms and sending time, the same for every scenario of a run. */
export type ChatLoad = { clients: number; rooms: number; seconds: number; generators: number; concurrency: number; roomBase: string };

/** A chat generator's tally (bench/chat-clients.ts). */
export type ChatReport = {
  type: 'report';
  counts: Record<'duplicates' | 'leaked' | 'sent' | 'acked' | 'refused' | 'unacked' | 'joinFailures', number>;
  refusals: [string, number][];
  acked: string[];
  deliveries: [string, number][];
  histogram: [number, number][];
};

/** CPU over the sending phase (+3 s drain), in µs: the servers', the generators', the machine's counters, and the servers' idle rate (µs per ms) before it. */
export type ChatCpu = { servers: number; generators: number; machine: readonly [MachineCpu, MachineCpu]; phaseMs: number; serversIdleUsPerMs: number };

/** What one scenario of bench:chat collected, summed up by lib/chat-summary.ts. */
export type ChatRun = { reports: ChatReport[]; roomSize: Map<number, number>; cpu: ChatCpu; serverHistogramsMs: Record<string, ServerDelivery> | null };

/**
 * One scenario of bench:chat: `load.clients` lean chat clients
 * (bench/chat-clients.ts in `load.generators` processes) join `load.rooms`
 * rooms on `set`'s servers (client i in room i % rooms; a room's clients
 * alternate between servers), the servers' idle CPU is read over 2 s, then
 * every client sends one message a second for `load.seconds`. `histograms`:
 * also read the servers' delivery histograms (a Switchyard server's /metrics).
 * Stops the generators and the servers before it returns.
 */
export async function runChatScenario(name: string, set: ServerSet, load: ChatLoad, { histograms }: { histograms: boolean }): Promise<ChatRun> {
  const log = (line: string) => process.stderr.write(`[bench:chat] ${name}: ${line}\n`);
  const nodeArgs = typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  const generators: Child[] = Array.from({ length: load.generators }, (_, i) => startChild({ name: `${name}-chat-gen-${i + 1}`, module: 'bench/chat-clients.ts', nodeArgs }));
  const servers = set.urls.length;
  const specs = Array.from({ length: load.clients }, (_, index) => {
    const k = Math.floor(index / load.rooms);
    return { index, room: `${load.roomBase}-${index % load.rooms}`, url: set.urls[k % servers] as string, generator: Math.floor(k / servers) % load.generators };
  });
  await Promise.all(generators.map((g) => g.next('loaded', 30_000)));
  log(`connecting ${load.clients} clients to ${load.rooms} rooms on ${servers} server(s)`);
  generators.forEach((g, i) =>
    g.send({ type: 'start', roomBase: load.roomBase, rooms: load.rooms, concurrency: load.concurrency, clients: specs.filter((s) => s.generator === i) }),
  );
  const ready = await Promise.all(generators.map((g) => g.next<{ type: 'ready'; joined: number[] }>('ready', 60_000 + load.clients * 60)));
  const roomSize = new Map<number, number>();
  for (const index of ready.flatMap((r) => r.joined)) roomSize.set(index % load.rooms, (roomSize.get(index % load.rooms) ?? 0) + 1);
  await sleep(1500); // let the joins' presence broadcasts pass
  const serversIdleUsPerMs = await idleCpuRate(set.servers);
  log(`running: ${load.seconds} s of 1 message/s per client`);
  const histogramsBefore = histograms ? await scrapeDeliveryHistograms(set.urls) : undefined;
  const before = { servers: cpuOf(set.servers), generators: cpuOf(generators), machine: machineCpu(), at: monotonicMs() };
  const startAt = monotonicMs() + 1000;
  for (const g of generators) g.send({ type: 'go', startAt, seconds: load.seconds, totalClients: load.clients });
  await Promise.all(generators.map((g) => g.next('sent', (load.seconds + 60) * 1000)));
  await sleep(3000); // deliveries and acks still in flight
  const cpu: ChatCpu = {
    servers: cpuOf(set.servers) - before.servers,
    generators: cpuOf(generators) - before.generators,
    machine: [before.machine, machineCpu()],
    phaseMs: monotonicMs() - before.at,
    serversIdleUsPerMs,
  };
  const serverHistogramsMs = histogramsBefore ? deliveryBetween(histogramsBefore, await scrapeDeliveryHistograms(set.urls)) : null;
  for (const g of generators) g.send({ type: 'finish' });
  const reports = await Promise.all(generators.map((g) => g.next<ChatReport>('report', 30_000)));
  await Promise.all([...generators, ...set.servers].map((c) => c.stop()));
  return { reports, roomSize, cpu, serverHistogramsMs };
}
