// Number formats of the job pages. A fixed locale ('en'), so text is the same
// wherever it renders and tests can read it.

const counts = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const statistics = new Intl.NumberFormat('en', { maximumSignificantDigits: 6 });
const sizes = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
// Three significant digits, but never fewer than the whole number's digits (whichever keeps more).
const averages = new Intl.NumberFormat('en', { maximumSignificantDigits: 3, maximumFractionDigits: 0, roundingPriority: 'morePrecision' });

/** A count with digit grouping: `300,000`. */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** A statistic: integers in full (`1,234,567`), other numbers to six significant digits (`2,499.5`, `0.0123457`). */
export function formatStatistic(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return counts.format(value);
  return statistics.format(value);
}

/** An average or a spread (mean, standard deviation): three significant digits, whole numbers in full: `5.5`, `0.0123`, `2,500`, `123,457`. */
export function formatAverage(value: number): string {
  return Number.isFinite(value) ? averages.format(value) : String(value);
}

/**
 * A size in bytes, KB or MB (of 1,024), rounded UP to one decimal so that a
 * file just over a limit never reads as the limit itself: `20 MB`, `20.1 MB`.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${counts.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${sizes.format(Math.ceil(value * 10) / 10)} ${unit}`;
}

/** A 0..1 fraction as a percentage with one decimal: `42.5%`. */
export function formatPercent(fraction: number): string {
  return `${sizes.format(Math.floor(fraction * 1000) / 10)}%`;
}
