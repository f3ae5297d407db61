import type { BigdataResult } from '../../../server/features/jobs/bigdata-protocol.ts';
import { ColumnCard } from './column-card.tsx';
import { ColumnTable } from './column-table.tsx';
import { formatBytes, formatCount } from './format.ts';

/** A completed bigdata job's result: the dataset's size, a statistics table, and a card per column with its chart. */
export function DatasetProfile({ result }: { result: BigdataResult }) {
  const columns = result.columns.length;
  return (
    <section className="dataset-profile" aria-labelledby="profile-heading" data-testid="dataset-profile">
      <h2 id="profile-heading">Profile</h2>
      <p className="muted" data-testid="dataset-size">
        {formatCount(result.rowCount)} rows · {formatBytes(result.byteCount)} · {formatCount(columns)} {columns === 1 ? 'column' : 'columns'}
      </p>
      <ColumnTable columns={result.columns} />
      <div className="column-cards">
        {result.columns.map((column) => (
          <ColumnCard key={column.index} column={column} />
        ))}
      </div>
    </section>
  );
}
