/**
 * The event-loop delay a Switchyard process reports on `/metrics`: prom-client's
 * `nodejs_eventloop_lag_{p50,p99,max}_seconds`, read from a perf_hooks
 * `monitorEventLoopDelay` histogram that prom-client resets on every scrape.
 * So a scrape at the start of a phase discards what came before it, and a
 * scrape at its end reads the phase alone (nothing else may scrape meanwhile).
 */

/**
 * How often the histogram samples (`eventLoopMonitoringPrecision` in
 * server/metrics/metrics-registry.ts). A sample is the time between two
 * timer ticks, so an idle loop reads about this much; the delay is the
 * reading minus it.
 */
export const EVENT_LOOP_SAMPLING_MS = 10;

/** Event-loop delay percentiles as exported, in ms (sampling interval included). */
export type EventLoopLag = { p50Ms: number; p99Ms: number; maxMs: number };

/** Scrapes `<url>/metrics` (answered to loopback clients without a token) and resets the server's histogram. */
export async function scrapeEventLoopLag(url: string): Promise<EventLoopLag> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`);
  const text = await response.text();
  const ms = (name: string) => {
    const match = new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`${url}/metrics has no nodejs_eventloop_lag_${name}_seconds`);
    return Math.round(Number(match[1]) * 1e5) / 100;
  };
  return { p50Ms: ms('p50'), p99Ms: ms('p99'), maxMs: ms('max') };
}
