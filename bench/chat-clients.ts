import { openChatClient } from './chat-lean-client.ts';
import type { ChatLeanClient } from './chat-lean-client.ts';
import { monotonicMs, sleep } from './lib/clock.ts';
import { record } from './lib/stats.ts';
import type { Histogram } from './lib/stats.ts';

/**
 * A chat load generator (a child of bench/chat.ts): opens its share of the
 * clients, joins each to its room, then on `go` makes every client send one
 * message per second for the run, each carrying its send time on the shared
 * monotonic clock. Every delivery is checked: right room, not seen before by
 * that client. On `finish` it reports latencies and per-message delivery counts.
 */
type Spec = { index: number; room: string; url: string };
type Start = { type: 'start'; clients: Spec[]; roomBase: string; rooms: number; concurrency: number };
type Go = { type: 'go'; startAt: number; seconds: number; totalClients: number };

const histogram: Histogram = new Map();
const deliveries = new Map<string, number>(); // "sender:seq" -> distinct receivers here
const counts = { duplicates: 0, leaked: 0, sent: 0, acked: 0, refused: 0, unacked: 0, joinFailures: 0 };
const refusals = new Map<string, number>();
const acked: string[] = [];
const connected: { spec: Spec; client: ChatLeanClient }[] = [];

function receiver(spec: Spec, roomOf: (sender: number) => string) {
  const seen = new Set<string>();
  return (event: string, payload: unknown) => {
    if (event !== 'chat.message') return;
    const now = monotonicMs();
    const { room, body } = payload as { room: string; body: string };
    const [sender, seq, sentAt] = body.split(' ');
    const key = `${sender}:${seq}`;
    if (room !== spec.room || roomOf(Number(sender)) !== spec.room) counts.leaked += 1;
    if (seen.has(key)) {
      counts.duplicates += 1;
      return;
    }
    seen.add(key);
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    record(histogram, now - Number(sentAt));
  };
}

async function start({ clients, roomBase, rooms, concurrency }: Start) {
  const roomOf = (sender: number) => `${roomBase}-${sender % rooms}`;
  const queue = [...clients];
  const worker = async () => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      try {
        const client = await openChatClient(spec.url, 20_000, receiver(spec, roomOf));
        const answer = (await client.request('room.join', { room: spec.room, displayName: `c${spec.index}` }, 20_000)) as { ok: boolean };
        if (!answer.ok) throw new Error(JSON.stringify(answer));
        connected.push({ spec, client });
      } catch (error) {
        counts.joinFailures += 1;
        process.stderr.write(`client ${spec.index}: ${(error as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  process.send?.({ type: 'ready', joined: connected.map((c) => c.spec.index) });
}

async function go({ startAt, seconds, totalClients }: Go) {
  await Promise.all(
    connected.map(async ({ spec, client }) => {
      // Spread the clients' sends evenly over each second.
      const phase = (spec.index / totalClients) * 1000;
      for (let seq = 0; seq < seconds; seq += 1) {
        const due = startAt + phase + seq * 1000;
        const wait = due - monotonicMs();
        if (wait > 0) await sleep(wait);
        counts.sent += 1;
        const body = `${spec.index} ${seq} ${monotonicMs().toFixed(3)}`;
        void client.request('message.send', { room: spec.room, body }, 10_000).then(
          (answer) => {
            const ack = answer as { ok: boolean; error?: { code: string } };
            if (ack.ok) {
              counts.acked += 1;
              acked.push(`${spec.index}:${seq}`);
            } else {
              counts.refused += 1;
              refusals.set(ack.error?.code ?? '?', (refusals.get(ack.error?.code ?? '?') ?? 0) + 1);
            }
          },
          () => (counts.unacked += 1),
        );
      }
    }),
  );
  process.send?.({ type: 'sent' });
}

process.on('message', (message: Start | Go | { type: 'finish' }) => {
  if (message.type === 'start') void start(message);
  else if (message.type === 'go') void go(message);
  else if (message.type === 'finish') {
    for (const { client } of connected) client.close();
    process.send?.({
      type: 'report',
      counts,
      refusals: [...refusals],
      acked,
      deliveries: [...deliveries],
      histogram: [...histogram],
    });
  }
});
// The bench waits for this before sending `start`: messages that arrive before this listener exists are lost.
process.send?.({ type: 'loaded' });
