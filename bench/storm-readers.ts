import type { ReconnectBackoff } from '../client/reconnect-backoff.ts';
import { StormReader } from './lib/storm-reader.ts';
import type { StormRecord } from './lib/storm-reader.ts';

/**
 * A reader process of bench:reconnect-storm: K liveblog readers
 * (lib/storm-reader.ts, lean sockets that reconnect as the SDK does), reader
 * i of the whole run following `slugs[(offset + i) % slugs.length]` on
 * `urls[(offset + i) % urls.length]`.
 *
 * IPC: once every reader has followed (or failed) → `opened` { following, firstError };
 * `progress` { since } → `progress` { lost, reconnected, caughtUp, following } (losses after `since`);
 * `report` { since, expected: slug → post ids } → `report` (lib/storm-tally.ts's shape).
 */
export type StormReadersConfig = {
  urls: string[];
  clients: number;
  offset: number;
  slugs: string[];
  /** Handshakes in flight while opening. */
  concurrency: number;
  backoff: ReconnectBackoff;
  retryDelayMs: number;
  ackTimeoutMs: number;
};

/** What a reader process reports at the end. */
export type StormReadersReport = {
  type: 'report';
  readers: number;
  following: number;
  /** Readers holding exactly the expected posts of their liveblog. */
  complete: number;
  lost: number;
  duplicated: number;
  firstError?: string;
  /** The records of readers whose connection was lost after `since`. */
  records: StormRecord[];
};

const config = JSON.parse(process.argv[2] ?? '{}') as StormReadersConfig;
const readers = Array.from({ length: config.clients }, (_, i) => {
  const index = config.offset + i;
  const settings = { urls: config.urls, slug: config.slugs[index % config.slugs.length] as string, backoff: config.backoff, retryDelayMs: config.retryDelayMs, ackTimeoutMs: config.ackTimeoutMs };
  return new StormReader(settings, index);
});
const firstError = () => readers.find((r) => r.firstError)?.firstError;
const lostSince = (since: number) => readers.flatMap((r) => (r.record && r.record.lostAt >= since ? [r.record] : []));

/** Opens every reader, `concurrency` at a time. */
function openAll(): void {
  let next = 0;
  let settled = 0;
  const openNext = () => {
    const reader = readers[next++];
    reader?.open(() => {
      settled += 1;
      if (settled === readers.length) process.send?.({ type: 'opened', following: readers.filter((r) => r.following).length, firstError: firstError() });
      openNext();
    });
  };
  for (let i = 0; i < Math.min(config.concurrency, readers.length); i += 1) openNext();
}

function report(since: number, expected: Record<string, string[]>): StormReadersReport {
  let complete = 0;
  let lost = 0;
  let duplicated = 0;
  readers.forEach((reader, i) => {
    const wanted = expected[config.slugs[(config.offset + i) % config.slugs.length] as string] ?? [];
    const shown = new Set(reader.shown);
    const missing = wanted.filter((id) => !shown.has(id)).length;
    const wantedSet = new Set(wanted);
    const extra = reader.shown.length - shown.size + [...shown].filter((id) => !wantedSet.has(id)).length;
    lost += missing;
    duplicated += extra;
    if (missing === 0 && extra === 0) complete += 1;
  });
  const following = readers.filter((r) => r.following).length;
  return { type: 'report', readers: readers.length, following, complete, lost, duplicated, firstError: firstError(), records: lostSince(since) };
}

openAll();
process.on('message', (message: { type: string; since?: number; expected?: Record<string, string[]> }) => {
  const since = message.since ?? 0;
  if (message.type === 'progress') {
    const records = lostSince(since);
    process.send?.({
      type: 'progress',
      lost: records.length,
      reconnected: records.filter((r) => r.reconnectedAt !== null).length,
      caughtUp: records.filter((r) => r.caughtUpAt !== null).length,
      following: readers.filter((r) => r.following).length,
    });
  }
  if (message.type === 'report') process.send?.(report(since, message.expected ?? {}));
});
