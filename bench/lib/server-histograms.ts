import { round } from './stats.ts';

/** The delivery histograms a bench reads from its servers' /metrics (docs/operations.md#metrics). */
const DELIVERY_HISTOGRAMS = ['switchyard_emit_delay_seconds', 'switchyard_outbox_relay_delay_seconds'];

/** One histogram series summed over servers: cumulative bucket counts by upper bound (s), sum (s) and count. */
type Series = { buckets: Map<number, number>; sum: number; count: number };

/** The delivery histograms of a set of servers at one moment, by series (`name{labels}`, without `le`). */
export type HistogramSnapshot = Map<string, Series>;

/** A series' observations between two snapshots, in ms: what the servers saw during a bench's measured phase. */
export type ServerDelivery = { count: number; meanMs: number; p50Ms: number; p99Ms: number };

const LINE = /^(\w+)_(bucket|sum|count)(?:\{(.*)\})? (\S+)$/;

/**
 * Reads the delivery histograms of every server (`<url>/metrics`; the bench
 * runs on the servers' machine, which needs no token) and sums them per
 * series. A server that does not answer is left out.
 */
export async function scrapeDeliveryHistograms(urls: readonly string[]): Promise<HistogramSnapshot> {
  const snapshot: HistogramSnapshot = new Map();
  for (const url of urls) {
    const response = await fetch(`${url}/metrics`).catch(() => null);
    if (!response?.ok) continue;
    for (const line of (await response.text()).split('\n')) {
      const match = LINE.exec(line);
      if (!match || !DELIVERY_HISTOGRAMS.includes(match[1] as string)) continue;
      const [, name, part, labelText = '', valueText] = match;
      const labels = labelText.split(',').filter((label) => label && !label.startsWith('le=') && !label.startsWith('role='));
      const key = `${name}{${labels.join(',')}}`;
      const series = snapshot.get(key) ?? { buckets: new Map(), sum: 0, count: 0 };
      snapshot.set(key, series);
      const value = Number(valueText);
      if (part === 'sum') series.sum += value;
      if (part === 'count') series.count += value;
      if (part === 'bucket') {
        const le = Number(/le="([^"]+)"/.exec(labelText)?.[1]?.replace('+Inf', 'Infinity'));
        series.buckets.set(le, (series.buckets.get(le) ?? 0) + value);
      }
    }
  }
  return snapshot;
}

/** What each series observed between `before` and `after` (series with no new observation are left out). */
export function deliveryBetween(before: HistogramSnapshot, after: HistogramSnapshot): Record<string, ServerDelivery> {
  const result: Record<string, ServerDelivery> = {};
  for (const [key, end] of after) {
    const start = before.get(key);
    const count = end.count - (start?.count ?? 0);
    if (count <= 0) continue;
    const buckets = [...end.buckets].sort(([a], [b]) => a - b).map(([le, total]) => [le, total - (start?.buckets.get(le) ?? 0)] as const);
    result[key] = {
      count,
      meanMs: round((1000 * (end.sum - (start?.sum ?? 0))) / count, 2),
      p50Ms: round(1000 * bucketPercentile(buckets, count, 0.5), 2),
      p99Ms: round(1000 * bucketPercentile(buckets, count, 0.99), 2),
    };
  }
  return result;
}

// Prometheus' histogram_quantile: linear within the bucket the rank falls in (the last finite bound when it is in +Inf).
function bucketPercentile(buckets: readonly (readonly [number, number])[], count: number, q: number): number {
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const [le, cumulative] of buckets) {
    if (cumulative >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, cumulative - below);
    }
    lower = le;
    below = cumulative;
  }
  return lower;
}
