import type { ColumnProfile } from '../../../server/protocol/index.ts';
import { formatCount, formatStatistic } from './format.ts';

const QUANTILES = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const NONE = '—';

/**
 * Every column's statistics in one table, a row per column: inferred type,
 * counts, min/max, mean, standard deviation and quantiles. Numbers are
 * formatted; dates are shown as ISO text; what does not apply is "—".
 */
export function ColumnTable({ columns }: { columns: readonly ColumnProfile[] }) {
  return (
    <div className="table-scroll" role="region" aria-label="Column statistics (scrolls sideways)" tabIndex={0}>
      <table className="stats-table" data-testid="column-table">
        <caption>Column statistics</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Count</th>
            <th scope="col">Missing</th>
            <th scope="col">Invalid</th>
            <th scope="col">Distinct</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Mean</th>
            <th scope="col">Std dev</th>
            {QUANTILES.map((q) => (
              <th key={q} scope="col">
                {q}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.index} data-testid="column-row" data-column={column.name}>
              <th scope="row">{column.name}</th>
              <td>{column.type}</td>
              <td className="num">{formatCount(column.count)}</td>
              <td className="num">{formatCount(column.missing)}</td>
              <td className="num">{formatCount(column.invalid)}</td>
              <td className="num">{formatCount(column.distinct)}</td>
              {statisticCells(column).map((text, k) => (
                <td key={k} className="num">
                  {text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Min, max, mean, std and the quantiles, as the column's type has them.
function statisticCells(column: ColumnProfile): string[] {
  switch (column.type) {
    case 'number':
      return [
        formatStatistic(column.min),
        formatStatistic(column.max),
        formatStatistic(column.mean),
        column.std === null ? NONE : formatStatistic(column.std),
        ...QUANTILES.map((q) => formatStatistic(column.quantiles[q])),
      ];
    case 'date':
      return [column.min, column.max, NONE, NONE, ...QUANTILES.map((q) => column.quantiles[q])];
    case 'boolean':
    case 'text':
      return Array.from({ length: 4 + QUANTILES.length }, () => NONE);
  }
}
