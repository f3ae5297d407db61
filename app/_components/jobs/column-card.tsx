import type { ColumnProfile } from '../../../server/features/jobs/bigdata-protocol.ts';
import { formatAverage, formatCount } from './format.ts';
import { HistogramChart } from './histogram-chart.tsx';
import { TopValues } from './top-values.tsx';

/**
 * One column at a glance: a histogram for numbers, the most frequent values
 * (or words, for free text) for everything else.
 */
export function ColumnCard({ column }: { column: ColumnProfile }) {
  const headingId = `column-${column.index}`;
  return (
    <article className="column-card" aria-labelledby={headingId} data-testid="column-card">
      <h3 id={headingId} className="column-card__name">
        {column.name} <span className="column-card__type">{column.type}</span>
      </h3>
      <p className="column-card__facts">
        {formatCount(column.count)} values · {formatCount(column.missing)} missing · {formatCount(column.distinct)} distinct
      </p>
      <ColumnChart column={column} />
    </article>
  );
}

function ColumnChart({ column }: { column: ColumnProfile }) {
  switch (column.type) {
    case 'number':
      return <HistogramChart column={column.name} histogram={column.histogram} max={column.max} />;
    case 'text':
      return (
        <>
          {column.length && (
            <p className="column-card__facts">
              Length {formatCount(column.length.min)}–{formatCount(column.length.max)} characters, {formatAverage(column.length.mean)} on average
            </p>
          )}
          <TopValues title={column.topValuesOf === 'words' ? 'Top words' : 'Top values'} values={column.topValues} />
        </>
      );
    case 'boolean':
      return <TopValues title="Values" values={column.topValues} />;
    case 'date':
      return <TopValues title="Most frequent dates" values={column.topValues} />;
  }
}
