import { TopK } from './top-k.ts';

/**
 * Statistics of a sorted, non-empty sample of finite numbers (a numeric
 * column, or a date column as epoch ms). Exact: the sample is all the values.
 */

/** The q-quantile (0..1) by linear interpolation between closest ranks (numpy's and pandas' default, R type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  const rank = (sorted.length - 1) * q;
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  const fraction = rank - below;
  return fraction === 0 ? lower : lower + (sorted[below + 1]! - lower) * fraction;
}

/** The q-quantile as an observed value: the one at the rank nearest to (n-1)q (for dates, which should not be averaged). */
export function observedQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.round((sorted.length - 1) * q)]!;
}

/** Mean and sample standard deviation (n-1; null for one value), by Welford's algorithm. */
export function meanAndStd(values: Float64Array): { mean: number; std: number | null } {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return { mean, std: values.length < 2 ? null : Math.sqrt(m2 / (values.length - 1)) };
}

/**
 * Equal-width bins from min to max, at most `maxBins` of them. Bin k holds
 * edges[k] <= v < edges[k+1]; the last bin also holds max. All-integer data
 * gets integer edges and a whole number of integers per bin, so no bin is
 * favoured by rounding (ratings 1–5 give five bins of one value each). A
 * sample with a single value gives one bin [v, v].
 */
export function histogram(sorted: Float64Array, maxBins: number): { edges: number[]; counts: number[] } {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return { edges: [min, max], counts: [sorted.length] };
  const edges: number[] = [];
  if (sorted.every(Number.isInteger)) {
    const width = Math.ceil((max - min + 1) / maxBins);
    const bins = Math.ceil((max - min + 1) / width);
    for (let k = 0; k <= bins; k++) edges.push(min + k * width);
  } else {
    const width = (max - min) / maxBins;
    for (let k = 0; k < maxBins; k++) edges.push(min + k * width);
    edges.push(max);
  }
  const counts = new Array<number>(edges.length - 1).fill(0);
  let i = 0;
  for (let k = 0; k < counts.length - 1; k++) {
    const start = i;
    while (i < sorted.length && sorted[i]! < edges[k + 1]!) i++;
    counts[k] = i - start;
  }
  counts[counts.length - 1] = sorted.length - i;
  return { edges, counts };
}

/** The number of distinct values and the `k` most frequent (ties: the smaller value first). */
export function frequencies(sorted: Float64Array, k: number): { distinct: number; top: { key: number; count: number }[] } {
  const top = new TopK<number>(k);
  let distinct = 0;
  for (let i = 0; i < sorted.length; ) {
    const value = sorted[i]!;
    const start = i;
    while (i < sorted.length && sorted[i] === value) i++;
    top.offer(value, i - start);
    distinct++;
  }
  return { distinct, top: top.entries() };
}
