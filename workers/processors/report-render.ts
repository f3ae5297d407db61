import { jobResult } from '../../server/features/jobs/job-records.ts';
import { bigdataResultSchema } from '../../server/features/jobs/bigdata-protocol.ts';
import type { ColumnProfile } from '../../server/features/jobs/bigdata-protocol.ts';
import { PermanentFailure } from '../processor.ts';
import type { Processor } from '../processor.ts';

const format = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(6));
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** One Markdown table row of a column's headline statistics. */
function summaryRow(column: ColumnProfile): string {
  const range =
    column.type === 'number' ? `${format(column.min)} … ${format(column.max)}` : column.type === 'date' ? `${column.min} … ${column.max}` : '';
  const centre = column.type === 'number' ? `mean ${format(column.mean)}, median ${format(column.quantiles.p50)}` : '';
  const top = column.topValues.slice(0, 3).map((v) => `${v.value} (${v.count})`).join(', ');
  return `| ${cell(column.name)} | ${column.type} | ${column.count} | ${column.missing} | ${cell(range)} | ${cell(centre)} | ${cell(top)} |`;
}

/**
 * `report.render`: a light channel, served by its own pool, that renders a
 * finished `bigdata.process` result as a Markdown report.
 */
export const reportProcessor: Processor<'report.render'> = async ({ sourceJobId }, { db, signal }) => {
  const source = await jobResult(db, sourceJobId);
  if (!source || source.channel !== 'bigdata.process' || source.state !== 'completed') {
    throw new PermanentFailure('the report needs a completed bigdata job');
  }
  const parsed = bigdataResultSchema.safeParse(source.result);
  if (!parsed.success) throw new PermanentFailure('the bigdata job’s result is not readable');
  signal.throwIfAborted();
  const result = parsed.data;
  const lines = [
    `# Dataset report: ${cell(source.label)}`,
    '',
    `${result.rowCount} rows, ${result.columns.length} columns, ${result.byteCount} bytes.`,
    '',
    '| column | type | count | missing | range | centre | top values |',
    '|---|---|---|---|---|---|---|',
    ...result.columns.map(summaryRow),
    '',
  ];
  const markdown = lines.join('\n');
  return { markdown, bytes: Buffer.byteLength(markdown) };
};
