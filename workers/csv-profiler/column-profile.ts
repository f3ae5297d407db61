import { HISTOGRAM_BINS, TOP_VALUES, type ColumnProfile, type ColumnType } from '../../server/features/jobs/bigdata-protocol.ts';
import { CellKind, type ColumnCells } from './column-cells.ts';
import { formatIsoDate } from './iso-date.ts';
import { frequencies, histogram, meanAndStd, observedQuantile, quantile } from './sorted-stats.ts';
import { profileText } from './text-profile.ts';

/**
 * A column is a number, date or boolean column when at least this percentage
 * of its present (non-missing) cells parse as that kind; the rest of its
 * present cells are then `invalid`. Otherwise it is text. The kinds are
 * disjoint, so at most one can reach the threshold.
 */
export const TYPE_THRESHOLD_PERCENT = 95;

const QUANTILES = { p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;
type Quantiles<T> = { [K in keyof typeof QUANTILES]: T };

/** The inferred type of a column with these cell counts (indexed by `CellKind`). */
export function inferType(counts: readonly number[]): ColumnType {
  const present = counts.reduce((a, b) => a + b, 0) - counts[CellKind.missing]!;
  const reaches = (kind: CellKind) => present > 0 && counts[kind]! * 100 >= present * TYPE_THRESHOLD_PERCENT;
  if (reaches(CellKind.number)) return 'number';
  if (reaches(CellKind.date)) return 'date';
  if (reaches(CellKind.boolean)) return 'boolean';
  return 'text';
}

/** The statistics of one column, by its inferred type. Exact: quantiles come from all values, sorted. */
export function profileColumn(name: string, index: number, cells: ColumnCells): ColumnProfile {
  const type = inferType(cells.counts);
  const missing = cells.counts[CellKind.missing]!;
  if (type === 'text') return { name, index, type, missing, invalid: 0, count: cells.length - missing, ...profileText(cells) };
  const kind = CellKind[type];
  const sorted = cells.sortedValues(kind);
  const base = { name, index, missing, count: sorted.length, invalid: cells.length - missing - sorted.length };
  const { distinct, top } = frequencies(sorted, TOP_VALUES);
  switch (type) {
    case 'number':
      return {
        ...base,
        type,
        distinct,
        topValues: top.map(({ key, count }) => ({ value: String(key), count })),
        min: sorted[0]!,
        max: sorted[sorted.length - 1]!,
        ...meanAndStd(sorted),
        quantiles: quantiles((q) => quantile(sorted, q)),
        histogram: histogram(sorted, HISTOGRAM_BINS),
      };
    case 'date': {
      const format = (epochMs: number) => formatIsoDate(epochMs, cells.hasTime);
      return {
        ...base,
        type,
        distinct,
        topValues: top.map(({ key, count }) => ({ value: format(key), count })),
        min: format(sorted[0]!),
        max: format(sorted[sorted.length - 1]!),
        quantiles: quantiles((q) => format(observedQuantile(sorted, q))),
      };
    }
    case 'boolean':
      return { ...base, type, distinct, topValues: top.map(({ key, count }) => ({ value: key === 1 ? 'true' : 'false', count })) };
  }
}

function quantiles<T>(at: (q: number) => T): Quantiles<T> {
  return { p5: at(QUANTILES.p5), p25: at(QUANTILES.p25), p50: at(QUANTILES.p50), p75: at(QUANTILES.p75), p95: at(QUANTILES.p95) };
}
