import { formatStatistic } from './format.ts';

/** A numeric column's histogram: `counts[k]` values lie in [edges[k], edges[k+1]); the last bin also holds its upper edge. */
export type Histogram = { edges: number[]; counts: number[] };

/** One bar of a histogram: how many values, and the range they lie in, as words (`1 to 5`, `2.5 to under 5`, `7`). */
export type HistogramBin = { count: number; range: string };

/**
 * The bars of a column's histogram with the values each holds. Integer data
 * comes in half-open integer bins (the worker's [a, a + w)), the last one
 * reaching past the column's `max`: each bar names its first and last
 * integer, the last one cut at `max`. Other data is named by its interval,
 * the last one closed.
 */
export function histogramBins(histogram: Histogram, max: number): HistogramBin[] {
  const { edges, counts } = histogram;
  const integers = integerBins(histogram, max);
  return counts.map((count, k) => {
    const from = edges[k] ?? 0;
    const last = k === counts.length - 1;
    const to = integers ? Math.min((edges[k + 1] ?? from) - 1, max) : (edges[k + 1] ?? from);
    if (from === to) return { count, range: formatStatistic(from) };
    return { count, range: `${formatStatistic(from)} ${integers || last ? 'to' : 'to under'} ${formatStatistic(to)}` };
  });
}

/** The values at the ends of a column's histogram axis: its first edge and the column's maximum (never the edge past it). */
export function histogramAxis(histogram: Histogram, max: number): { start: string; end: string } {
  const first = histogram.edges[0] ?? max;
  return { start: formatStatistic(first), end: formatStatistic(Math.min(histogram.edges.at(-1) ?? max, max)) };
}

// Integer bins are the only ones whose last edge lies past the maximum: other bins end at it.
function integerBins({ edges }: Histogram, max: number): boolean {
  return (edges.at(-1) ?? max) > max && edges.every(Number.isInteger);
}
