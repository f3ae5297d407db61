/** One row of a StatsTable: a column of the dataset and its cells' text, in the order of the headers. */
export type StatsRow = { key: number; name: string; cells: readonly string[] };

/** A column of a StatsTable: its header, and whether its cells are numbers (aligned right, in tabular digits). */
export type StatsHeader = { label: string; numeric: boolean };

/**
 * A table of statistics, a row per dataset column, that is readable on any
 * screen: a plain table where it fits, and on narrow screens a stack of
 * cards, one per row, each cell labelled with its header (jobs.css), so no
 * column hides behind a sideways scroll. The ARIA roles are explicit because
 * the stacked layout changes the elements' display.
 */
export function StatsTable({ caption, headers, rows }: { caption: string; headers: readonly StatsHeader[]; rows: readonly StatsRow[] }) {
  return (
    <table className="stats-table" role="table">
      <caption>{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader">
            Column
          </th>
          {headers.map((header) => (
            <th key={header.label} scope="col" role="columnheader" className={header.numeric ? 'num' : undefined}>
              {header.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((row) => (
          <tr key={row.key} role="row" data-testid="column-row" data-column={row.name}>
            <th scope="row" role="rowheader">
              {row.name}
            </th>
            {row.cells.map((text, k) => (
              <td key={k} role="cell" className={headers[k]?.numeric ? 'num' : undefined} data-label={headers[k]?.label}>
                {text}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
