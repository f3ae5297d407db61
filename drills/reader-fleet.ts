import { startChild } from '../bench/lib/children.ts';
import type { Child } from '../bench/lib/children.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import type { DrillScope } from './drill.ts';
import type { ReaderTally, ReadersConfig } from './liveblog-readers.ts';

/** Liveblog readers spread over a few processes (liveblog-readers.ts), counted together. */
export type ReaderFleet = {
  /** Sums every process's tally against the expected post ids. */
  check(expected: string[]): Promise<ReaderTally>;
  /** Resolves once every reader follows the liveblog. */
  following(timeoutMs: number): Promise<ReaderTally>;
  /** Waits (at most `timeoutMs`) until every reader holds exactly `expected`; resolves with the last tally either way. */
  settled(expected: string[], timeoutMs: number): Promise<ReaderTally>;
};

/** Starts `clients` readers of `slug`, spread over `urls`, in `processes` processes; they stop with the drill. */
export function startReaderFleet(scope: DrillScope, options: { urls: string[]; slug: string; clients: number; processes: number }): ReaderFleet {
  const children: Child[] = [];
  for (let i = 0; i < options.processes; i += 1) {
    const clients = Math.floor(options.clients / options.processes) + (i < options.clients % options.processes ? 1 : 0);
    const config: ReadersConfig = { urls: options.urls, clients, slug: options.slug, concurrency: 50, reconnectMaxDelayMs: 1000 };
    // Node 20 has a WebSocket client only behind a flag.
    const nodeArgs = typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket', '--no-warnings'] : [];
    const child = startChild({ name: `readers-${i + 1}`, module: 'drills/liveblog-readers.ts', args: [JSON.stringify(config)], nodeArgs });
    scope.watch(child.name, child.exited);
    scope.defer(() => child.stop());
    children.push(child);
  }
  const check = async (expected: string[]) => {
    const tallies = await Promise.all(
      children.map((child) => {
        const answer = child.next<ReaderTally>('checked', 10_000);
        child.send({ type: 'check', expected });
        return answer;
      }),
    );
    const sum = (key: 'readers' | 'following' | 'complete' | 'lost' | 'duplicated' | 'reconnects' | 'resets') => tallies.reduce((n, t) => n + t[key], 0);
    const firstError = tallies.find((t) => t.firstError)?.firstError;
    return {
      type: 'checked' as const,
      readers: sum('readers'),
      following: sum('following'),
      complete: sum('complete'),
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      reconnects: sum('reconnects'),
      resets: sum('resets'),
      ...(firstError ? { firstError } : {}),
    };
  };
  return {
    check,
    following: (timeoutMs) =>
      waitFor(`${options.clients} readers following`, timeoutMs, async (note) => {
        const tally = await check([]);
        note(`${tally.following} following, first error: ${tally.firstError ?? 'none'}`);
        return tally.following === options.clients ? tally : undefined;
      }, 250),
    async settled(expected, timeoutMs) {
      const done = await waitFor('every reader holding every post', timeoutMs, async () => {
        const tally = await check(expected);
        return tally.complete === options.clients && tally.following === options.clients ? tally : undefined;
      }, 250).catch(() => undefined);
      return done ?? check(expected);
    },
  };
}
