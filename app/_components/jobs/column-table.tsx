import type { ColumnProfile } from '../../../server/features/jobs/bigdata-protocol.ts';
import { formatAverage, formatCount, formatStatistic } from './format.ts';
import { StatsTable } from './stats-table.tsx';

const QUANTILES = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const numeric = (label: string) => ({ label, numeric: true });
const VALUES = [{ label: 'Type', numeric: false }, ...['Count', 'Missing', 'Invalid', 'Distinct'].map(numeric)];
const DISTRIBUTION = ['Min', 'p5', 'p25', 'Median', 'p75', 'p95', 'Max', 'Mean', 'Std dev'].map(numeric);

/**
 * Every column's statistics in two tables, a row per column: what its values
 * are (type and counts), and, for number and date columns, how they are
 * spread (min, percentiles, max, mean, standard deviation). Numbers are
 * formatted, dates shown as ISO text, what does not apply is "—".
 */
export function ColumnTable({ columns }: { columns: readonly ColumnProfile[] }) {
  const spread = columns.filter((column) => column.type === 'number' || column.type === 'date');
  return (
    <div className="stats-tables" data-testid="column-table">
      <StatsTable
        caption="Values per column"
        headers={VALUES}
        rows={columns.map((column) => ({
          key: column.index,
          name: column.name,
          cells: [column.type, formatCount(column.count), formatCount(column.missing), formatCount(column.invalid), formatCount(column.distinct)],
        }))}
      />
      {spread.length > 0 && (
        <StatsTable caption="Distribution per column" headers={DISTRIBUTION} rows={spread.map((column) => ({ key: column.index, name: column.name, cells: distribution(column) }))} />
      )}
    </div>
  );
}

// Min, the percentiles, max, mean and std, as the column's type has them.
function distribution(column: ColumnProfile): string[] {
  switch (column.type) {
    case 'number': {
      const quantiles = QUANTILES.map((q) => formatStatistic(column.quantiles[q]));
      return [formatStatistic(column.min), ...quantiles, formatStatistic(column.max), formatAverage(column.mean), column.std === null ? '—' : formatAverage(column.std)];
    }
    case 'date':
      return [column.min, ...QUANTILES.map((q) => column.quantiles[q]), column.max, '—', '—'];
    default:
      return [];
  }
}
