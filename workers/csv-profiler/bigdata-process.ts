import { BigdataInputError } from './bigdata-input-error.ts';
import {
  MAX_COLUMNS,
  MAX_CSV_BYTES,
  MAX_ROWS,
  type BigdataInput,
  type BigdataProgress,
  type BigdataResult,
  type ColumnProfile,
} from '../../server/features/jobs/bigdata-protocol.ts';
import { profileColumn } from './column-profile.ts';
import { ColumnCells } from './column-cells.ts';
import { CsvReader } from './csv-reader.ts';
import { uniqueNames } from './header-names.ts';
import { JobPacer, type PacerOptions } from './job-pacer.ts';

/** Share of `fraction` given to parsing, analysing the columns takes the rest: parsing took ~70% of the time on 1M rows × 5 mixed columns. */
const PARSE_SHARE = 0.7;
/** Cells between two checkpoints: ~1 ms of work, so an abort is seen within a few ms. */
const CELLS_PER_CHECKPOINT = 8192;

/**
 * The processor of the `bigdata.process` worker channel: profiles every column
 * of a CSV (header row required). A pure function of its input, CPU-bound,
 * cooperative: it yields to the event loop every few tens of milliseconds,
 * throws `signal.reason` soon after `signal` aborts, and calls
 * `reportProgress` at the start, at most every 100 ms and 2%, and at the end
 * (`fraction` 1, rows and bytes at their totals).
 *
 * One pass parses the text into column arrays (a kind byte, a parsed float and
 * two offsets per cell, no object per row); then each column's statistics are
 * computed from its sorted values, exactly.
 *
 * `pacing` tunes yielding and report rates; the defaults suit production, tests
 * pass `{ reportEveryMs: 0, reportEveryFraction: 0 }` to see every checkpoint.
 *
 * @throws BigdataInputError for input it cannot profile (`not_csv`, `too_large`,
 * `empty`, `malformed_row`, `too_many_rows`, `too_many_columns`), with a message
 * naming the row.
 * @example
 * const result = await processBigdata({ csv: 'x\n1\n2\n' }, AbortSignal.timeout(60_000), (p) => job.updateProgress(p));
 * result.columns[0]; // { name: 'x', type: 'number', count: 2, mean: 1.5, … }
 */
export async function processBigdata(
  input: BigdataInput,
  signal: AbortSignal,
  reportProgress: (progress: BigdataProgress) => void,
  pacing?: PacerOptions,
): Promise<BigdataResult> {
  signal.throwIfAborted();
  const { csv } = input;
  const totalBytes = checkText(csv);
  const pacer = new JobPacer(signal, pacing);
  const reader = new CsvReader(csv);
  const names = readHeader(reader);
  const maxRows = Math.min(MAX_ROWS, rowsThatFit(csv.length - reader.position, names.length));
  const columns = names.map(() => new ColumnCells(csv, maxRows));

  let rows = 0;
  let bytesProcessed = 0;
  let bytesCountedTo = 0;
  const reportParsing = () => {
    bytesProcessed += Buffer.byteLength(csv.slice(bytesCountedTo, reader.position));
    bytesCountedTo = reader.position;
    const fraction = (PARSE_SHARE * reader.position) / csv.length;
    reportProgress({ phase: 'parsing', fraction, rowsProcessed: rows, totalRows: null, bytesProcessed, totalBytes });
  };
  reportParsing();
  const rowsPerCheckpoint = Math.max(1, Math.floor(CELLS_PER_CHECKPOINT / names.length));
  for (let fields = reader.next(); fields >= 0; fields = reader.next()) {
    if (fields !== names.length) {
      throw new BigdataInputError('malformed_row', `${reader.describeRow()} has ${plural(fields, 'field')}, the header has ${names.length}`);
    }
    if (rows === MAX_ROWS) {
      throw new BigdataInputError('too_many_rows', `${reader.describeRow()} is past the limit of ${MAX_ROWS.toLocaleString('en')} data rows`);
    }
    for (let k = 0; k < fields; k++) columns[k]!.add(reader.fieldStart(k), reader.fieldEnd(k), reader.fieldEscaped(k));
    rows++;
    if (rows % rowsPerCheckpoint === 0) await pacer.checkpoint((PARSE_SHARE * reader.position) / csv.length, reportParsing);
  }
  if (rows === 0) throw new BigdataInputError('empty', 'the CSV has a header row but no data rows');

  const profiles: ColumnProfile[] = [];
  const reportAnalyzing = (fraction: number) =>
    reportProgress({ phase: 'analyzing', fraction, rowsProcessed: rows, totalRows: rows, bytesProcessed: totalBytes, totalBytes });
  for (let k = 0; k < names.length; k++) {
    const fraction = PARSE_SHARE + ((1 - PARSE_SHARE) * k) / names.length;
    await pacer.checkpoint(fraction, () => reportAnalyzing(fraction));
    profiles.push(profileColumn(names[k]!, k, columns[k]!));
  }
  reportAnalyzing(1);
  return { rowCount: rows, byteCount: totalBytes, columns: profiles };
}

/** Refuses text that is too large, binary or blank; returns its UTF-8 size. */
function checkText(csv: string): number {
  const bytes = Buffer.byteLength(csv);
  if (bytes > MAX_CSV_BYTES) {
    // Rounded up, so a file just over the limit does not read as "20.0 MB; the limit is 20 MB".
    const megabytes = (Math.ceil((bytes / 1024 / 1024) * 10) / 10).toFixed(1);
    throw new BigdataInputError('too_large', `the CSV is ${megabytes} MB; the limit is ${MAX_CSV_BYTES / 1024 / 1024} MB`);
  }
  if (csv.includes('\0')) {
    throw new BigdataInputError('not_csv', 'the file holds binary data (NUL characters), not CSV text; export the sheet as CSV first');
  }
  if (csv.trim() === '') throw new BigdataInputError('empty', 'the CSV is empty');
  return bytes;
}

function readHeader(reader: CsvReader): string[] {
  const count = reader.next();
  if (count > MAX_COLUMNS) {
    throw new BigdataInputError('too_many_columns', `the header has ${count} columns; the limit is ${MAX_COLUMNS}`);
  }
  return uniqueNames(Array.from({ length: count }, (_, k) => reader.field(k)));
}

/**
 * The most rows of `columns` fields that `length` characters can hold: a row
 * needs its `columns - 1` commas (at least one character when it has one
 * field, as blank lines are no rows) and a line break, except the last one.
 * Bounds the column storage by the text's size: cells × 17 bytes ≤ 17 × (length + 1).
 */
function rowsThatFit(length: number, columns: number): number {
  return Math.floor((length + 1) / Math.max(columns, 2));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
