import { clientOpener } from './lib/clients.ts';
import { monotonicMs } from './lib/clock.ts';
import { decodeMark } from './lib/messages.ts';
import type { ConnectedMessage, GeneratorConfig, GeneratorReport } from './lib/messages.ts';
import { record } from './lib/stats.ts';
import type { Histogram } from './lib/stats.ts';

/**
 * A load-generating process of the fan-out bench: opens K client connections
 * (socket.io-client or the lean client, see lib/clients.ts; WebSocket only, no
 * reconnection, so a dropped connection shows up as lost deliveries) and
 * timestamps every `announcement.posted` it gets.
 *
 * IPC: bench → `connect` { upTo } → `connected` once the first `upTo` clients
 * have settled, then `joined` once a probe reached each of them; every
 * measured broadcast on every connection → `done`; `report` → `report`.
 */
const config = JSON.parse(process.argv[2] ?? '{}') as GeneratorConfig;
const { clients, broadcasts } = config;
const openClient = clientOpener(config.client);

const lastIndex = new Int32Array(clients).fill(-1);
const probed = new Uint8Array(clients);
const count = new Array<number>(broadcasts).fill(0);
const firstLatencyMs = new Array<number>(broadcasts).fill(Number.NaN);
const lastLatencyMs = new Array<number>(broadcasts).fill(Number.NaN);
const histogram: Histogram = new Map();
let connected = 0;
let failed = 0;
let firstError: string | undefined;
let probedCount = 0;
let joinedSent = false;
let received = 0;
let duplicates = 0;
let disconnects = 0;
// Connections are opened in waves (the bench reads server memory between
// them), at most `concurrency` attempts in flight.
let target = 0;
let opened = 0;
let inFlight = 0;
let settledCount = 0;

function send(message: { type: string }): void {
  process.send?.(message);
}

/** Reports `joined` once per wave: every client of the wave has settled and every connected one got a probe. */
function checkJoined(): void {
  if (!joinedSent && settledCount === target && probedCount >= connected) {
    joinedSent = true;
    send({ type: 'joined' });
  }
}

function onAnnouncement(client: number, payload: { text?: unknown } | undefined): void {
  const now = monotonicMs();
  const mark = decodeMark(payload?.text);
  if (!mark) return;
  if (mark.kind === 'probe') {
    if (probed[client] === 0) {
      probed[client] = 1;
      probedCount += 1;
      checkJoined();
    }
    return;
  }
  // One connection delivers in order, so an index not above the last one is a repeat.
  if (mark.index <= (lastIndex[client] as number) || mark.index >= broadcasts) {
    duplicates += 1;
    return;
  }
  lastIndex[client] = mark.index;
  const latency = now - mark.sentMs;
  count[mark.index] = (count[mark.index] as number) + 1;
  if (!(latency >= (firstLatencyMs[mark.index] as number))) firstLatencyMs[mark.index] = latency;
  if (!(latency <= (lastLatencyMs[mark.index] as number))) lastLatencyMs[mark.index] = latency;
  record(histogram, latency);
  received += 1;
  if (received === connected * broadcasts) send({ type: 'done' });
}

/** Opens clients until `upTo` have been attempted; reports `connected` once they have all settled. */
function connectUpTo(upTo: number): void {
  target = Math.min(clients, upTo);
  joinedSent = false;
  if (settledCount >= target) reportConnected();
  else openMore();
}

function reportConnected(): void {
  const message: ConnectedMessage = { type: 'connected', connected, failed, firstError };
  send(message);
  checkJoined();
}

function settle(error?: Error): void {
  inFlight -= 1;
  settledCount += 1;
  if (error) {
    failed += 1;
    firstError ??= error.message;
  } else {
    connected += 1;
  }
  if (settledCount === target) reportConnected();
  else openMore();
}

function openMore(): void {
  while (inFlight < config.concurrency && opened < target) {
    const client = opened++;
    inFlight += 1;
    const url = config.urls[(config.offset + client) % config.urls.length] as string;
    openClient(url, config.connectTimeoutMs, {
      connected: () => settle(),
      failed: (error) => settle(error),
      disconnected: () => (disconnects += 1),
      announcement: (payload) => onAnnouncement(client, payload),
    });
  }
}

process.on('message', (message: { type: string; upTo?: number }) => {
  if (message.type === 'connect') connectUpTo(message.upTo ?? clients);
  if (message.type === 'report') {
    const report: GeneratorReport = {
      type: 'report',
      clients,
      connected,
      connectFailures: failed,
      disconnects,
      duplicates,
      received,
      count,
      firstLatencyMs,
      lastLatencyMs,
      histogram: [...histogram.entries()],
    };
    send(report);
  }
});
// Exit (rather than die) on the bench's SIGTERM, so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
send({ type: 'spawned' });
