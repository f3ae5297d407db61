/** Percentiles and latency histograms for benchmark results. */

/** The nearest-rank percentile `p` (0–100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Rounds to `digits` decimals, for readable JSON. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Resolution of a latency histogram bucket, in ms. */
export const HISTOGRAM_BUCKET_MS = 0.1;

/**
 * A latency histogram: bucket index (latency / HISTOGRAM_BUCKET_MS, floored)
 * → count. Mergeable across processes, unlike percentiles.
 */
export type Histogram = Map<number, number>;

/** Adds one latency sample (ms) to a histogram. */
export function record(histogram: Histogram, latencyMs: number): void {
  const bucket = Math.max(0, Math.floor(latencyMs / HISTOGRAM_BUCKET_MS));
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
}

/** Adds every bucket of `entries` (a histogram sent over IPC) into `into`. */
export function merge(into: Histogram, entries: Iterable<readonly [number, number]>): void {
  for (const [bucket, count] of entries) into.set(bucket, (into.get(bucket) ?? 0) + count);
}

/** The nearest-rank percentile `p` of a histogram, as the upper edge of its bucket (ms). */
export function histogramPercentile(histogram: Histogram, p: number): number {
  const buckets = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return (bucket + 1) * HISTOGRAM_BUCKET_MS;
  }
  return Number.NaN;
}

/**
 * The element-wise median of same-shaped results (numbers at the same paths):
 * numbers become their median, arrays of strings are merged without repeats,
 * anything else is taken from the first. Used to sum up repeated rounds.
 */
export function medianOf<T>(results: readonly T[]): T {
  // null stands for "not measured" in a round; the others decide.
  const first = results.find((r) => r !== null && r !== undefined) ?? (results[0] as T);
  if (typeof first === 'number') {
    const values = (results as readonly unknown[]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return (values.length > 0 ? round(percentile(values, 50), 3) : first) as T;
  }
  if (Array.isArray(first)) return [...new Set(results.flatMap((r) => (Array.isArray(r) ? (r as unknown[]) : [])))] as T;
  if (first && typeof first === 'object') {
    const present = results.filter((r) => r !== null && r !== undefined);
    const keys = Object.keys(first) as (keyof T)[];
    return Object.fromEntries(keys.map((key) => [key, medianOf(present.map((r) => r[key]))])) as T;
  }
  return first;
}

/** `ours ÷ theirs` to 3 decimals, e.g. Switchyard's CPU per delivery over the bare server's (1.0 = as cheap as bare); null when either is missing. */
export function ratioOf(ours: number | null | undefined, theirs: number | null | undefined): number | null {
  if (ours === null || ours === undefined || !theirs || !Number.isFinite(ours) || !Number.isFinite(theirs)) return null;
  return round(ours / theirs, 3);
}
