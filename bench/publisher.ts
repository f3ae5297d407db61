import { createRedisLayer } from '../server/layer/redis-layer.ts';
import { loadConfig, loadObservabilitySettings } from '../server/config.ts';
import { ANNOUNCEMENTS_GROUP } from '../server/protocol/kit-protocol.ts';
import { openBarePublisher } from './lib/bare-publisher.ts';
import { monotonicMs, sleep } from './lib/clock.ts';
import { encodeMark } from './lib/messages.ts';
import type { Mark, PublishedMessage } from './lib/messages.ts';
import { app } from '../server/features/index.ts';

/**
 * The separate process that broadcasts in the fan-out bench. For Switchyard it
 * is what a worker or script does: `groupSend('announcements', ...)` on a
 * channel layer without a Socket.IO server (the Redis emitter), configured from
 * the same environment as the interface servers. For the bare server it is a
 * socket.io-client connection that emits the bare server's trigger.
 *
 * Usage: `publisher.ts switchyard` or `publisher.ts bare <url>`.
 * IPC: `probe` { intervalMs } (a probe every intervalMs until `quiet`), `run` { broadcasts, intervalMs } → `published`.
 */
type Announce = (text: string) => Promise<void>;

async function connect(): Promise<Announce> {
  const [mode, url] = process.argv.slice(2);
  if (mode === 'switchyard') {
    const config = loadConfig();
    // Traced like the servers when they are (their environment is this one's): each broadcast may start a trace.
    const { otlpEndpoint, sampleRatio } = loadObservabilitySettings();
    if (otlpEndpoint) (await import('../server/tracing/start-tracing.ts')).startTracing({ serviceName: 'switchyard-bench-publisher', endpoint: otlpEndpoint, sampleRatio });
    const layer = createRedisLayer({ protocol: app.index, ...config, prefix: config.redisPrefix });
    await layer.ping();
    return (text) => layer.groupSend(ANNOUNCEMENTS_GROUP, 'announcement.posted', { text, author: null, at: new Date().toISOString() });
  }
  if (mode === 'bare' && url) {
    const socket = await openBarePublisher(url);
    return async (text) => void socket.emit('bench.trigger', { text, author: null, at: new Date().toISOString() });
  }
  throw new Error('usage: publisher.ts switchyard | publisher.ts bare <url>');
}

const announce = await connect();
const announceMark = (mark: Omit<Mark, 'sentMs'>) => announce(encodeMark({ ...mark, sentMs: monotonicMs() }));
let probing: NodeJS.Timeout | undefined;

/** Sends `broadcasts` measured broadcasts, one every `intervalMs` on a fixed schedule (late sends do not shift later ones). */
async function run(broadcasts: number, intervalMs: number): Promise<PublishedMessage> {
  const start = monotonicMs();
  let failed = 0;
  let firstError: string | undefined;
  for (let index = 0; index < broadcasts; index += 1) {
    await sleep(Math.max(0, start + index * intervalMs - monotonicMs()));
    await announceMark({ kind: 'broadcast', index }).catch((error: unknown) => {
      failed += 1;
      firstError ??= (error as Error).message;
    });
  }
  return { type: 'published', sent: broadcasts - failed, failed, firstError };
}

process.on('message', (message: { type: string; broadcasts?: number; intervalMs?: number }) => {
  if (message.type === 'probe') {
    let index = 0;
    probing ??= setInterval(() => void announceMark({ kind: 'probe', index: index++ }).catch(() => {}), message.intervalMs ?? 200);
  }
  if (message.type === 'quiet') {
    clearInterval(probing);
    probing = undefined;
  }
  if (message.type === 'run') {
    void run(message.broadcasts ?? 0, message.intervalMs ?? 0).then((result) => process.send?.(result));
  }
});
// Exit (rather than die) on the bench's SIGTERM, so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
process.send?.({ type: 'ready' });
