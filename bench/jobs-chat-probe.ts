import { openChatClient } from './chat-lean-client.ts';
import type { ChatLeanClient } from './chat-lean-client.ts';
import { monotonicMs } from './lib/clock.ts';
import { histogramPercentile, record, round } from './lib/stats.ts';
import type { Histogram } from './lib/stats.ts';

/**
 * The chat side of bench:jobs, a child process: `clients` visitors join one
 * room on `/chat`, and each sends a message every `intervalMs` (staggered),
 * carrying its send time on the shared monotonic clock and the phase the
 * bench had declared then. Every delivery, to every member including the
 * sender, is a latency sample of that phase. Messages keep flowing between
 * phases, so each phase starts in a steady state.
 *
 * IPC: `start` → `ready`; `phase { name }` (null: between phases);
 * `report` → `report { phases }`.
 */
type Start = { type: 'start'; url: string; room: string; clients: number; intervalMs: number };
type Tally = { histogram: Histogram; sent: number; acked: number; refused: number; delivered: number };

/** One phase's chat figures: latency of every delivery, and how many were expected (acked sends × members). */
export type ChatPhase = { p50Ms: number; p99Ms: number; maxMs: number; sent: number; refused: number; delivered: number; expected: number };

const tallies = new Map<string, Tally>();
const clients: ChatLeanClient[] = [];
const timers: NodeJS.Timeout[] = [];
let phase: string | null = null;

const tallyOf = (name: string): Tally => {
  let tally = tallies.get(name);
  if (!tally) tallies.set(name, (tally = { histogram: new Map(), sent: 0, acked: 0, refused: 0, delivered: 0 }));
  return tally;
};

function onEvent(event: string, payload: unknown) {
  if (event !== 'chat.message') return;
  const [, , sentAt, sentIn] = (payload as { body: string }).body.split(' ');
  if (!sentIn || sentIn === '-') return;
  const tally = tallyOf(sentIn);
  tally.delivered += 1;
  record(tally.histogram, monotonicMs() - Number(sentAt));
}

async function start({ url, room, clients: count, intervalMs }: Start) {
  for (let i = 0; i < count; i += 1) {
    const client = await openChatClient(url, 20_000, onEvent);
    const joined = (await client.request('room.join', { room, displayName: `probe ${i}` }, 20_000)) as { ok: boolean };
    if (!joined.ok) throw new Error(`room.join refused: ${JSON.stringify(joined)}`);
    clients.push(client);
  }
  clients.forEach((client, index) => {
    let seq = 0;
    const send = () => {
      const tally = phase ? tallyOf(phase) : undefined;
      if (tally) tally.sent += 1;
      const body = `${index} ${(seq += 1)} ${monotonicMs().toFixed(3)} ${phase ?? '-'}`;
      client.request('message.send', { room, body }, 10_000).then(
        (answer) => {
          if (!tally) return;
          if ((answer as { ok: boolean }).ok) tally.acked += 1;
          else tally.refused += 1;
        },
        () => tally && (tally.refused += 1),
      );
    };
    timers.push(setTimeout(() => timers.push(setInterval(send, intervalMs)), (index * intervalMs) / clients.length));
  });
  process.send?.({ type: 'ready' });
}

function report() {
  for (const timer of timers) clearInterval(timer);
  for (const client of clients) client.close();
  const phases: Record<string, ChatPhase> = {};
  for (const [name, t] of tallies) {
    const ms = (p: number) => round(histogramPercentile(t.histogram, p), 1);
    phases[name] = { p50Ms: ms(50), p99Ms: ms(99), maxMs: ms(100), sent: t.sent, refused: t.refused, delivered: t.delivered, expected: t.acked * clients.length };
  }
  process.send?.({ type: 'report', phases });
}

process.on('message', (message: Start | { type: 'phase'; name: string | null } | { type: 'report' }) => {
  if (message.type === 'start') {
    start(message).catch((error: Error) => {
      process.stderr.write(`chat probe: ${error.message}\n`);
      process.exit(1);
    });
  } else if (message.type === 'phase') {
    phase = message.name;
  } else if (message.type === 'report') {
    report();
  }
});
// The bench waits for this before sending `start`: messages that arrive before this listener exists are lost.
process.send?.({ type: 'loaded' });
