import { isMissing, mayBeMissing, mayBeNumeric, parseBoolean, parseDecimal, parsePlainDecimal } from './cell-parsers.ts';
import { hasTimeOfDay, parseIsoDate } from './iso-date.ts';

/** What a cell holds; indexes `ColumnCells.counts`. */
export const CellKind = { missing: 0, number: 1, date: 2, boolean: 3, text: 4 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

const ESCAPED = 0x8000_0000;
/** Rows a column holds before its first growth: storage follows the rows read, never the file's size alone. */
const FIRST_CAPACITY = 1024;

/**
 * One column's cells, stored column-wise without keeping a string or object per cell:
 * each cell's kind (a byte), its parsed value (a float: the number, the date
 * as epoch ms, or 1/0 for true/false) and its offsets into the CSV text, so
 * text can be read back only for the columns that turn out to be text.
 *
 * Cells are trimmed of spaces and tabs before they are classified.
 *
 * Storage (17 bytes a cell) starts small and doubles as rows arrive, up to
 * `maxRows`, the most rows the caller knows the input can hold: a column
 * never holds room for more than twice the rows it was given, nor for more
 * rows than the text has room for.
 */
export class ColumnCells {
  /** Cells added so far. */
  length = 0;
  /** How many cells of each kind, indexed by `CellKind`. */
  readonly counts = [0, 0, 0, 0, 0];
  /** Whether any date cell carried a time of day. */
  hasTime = false;
  private kinds = new Uint8Array(0);
  private values = new Float64Array(0);
  private starts = new Uint32Array(0);
  private ends = new Uint32Array(0);

  /** `maxRows`: an upper bound on the cells that will be added; growth stops there (past it, it doubles again rather than lose a cell). */
  constructor(
    private readonly text: string,
    private readonly maxRows: number,
  ) {}

  /** Bytes of storage held: 17 for each row of room. */
  get byteLength(): number {
    return this.kinds.byteLength + this.values.byteLength + this.starts.byteLength + this.ends.byteLength;
  }

  /**
   * Classifies and stores the cell `text[start, end)`; `escaped` if it holds doubled quotes.
   * Plain numbers, booleans and text that cannot be anything else are read in place;
   * only the rest (missing markers, dates, unusual numbers) are sliced out as strings.
   */
  add(start: number, end: number, escaped: boolean): void {
    const text = this.text;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (this.length === this.kinds.length) this.grow();
    const row = this.length++;
    this.starts[row] = start;
    this.ends[row] = escaped ? end | ESCAPED : end;
    const first = text.charCodeAt(start);
    if (mayBeNumeric(first)) {
      const value = parsePlainDecimal(text, start, end);
      if (!Number.isNaN(value)) return this.store(row, CellKind.number, value);
    } else if (!mayBeMissing(first, end - start)) {
      // Neither missing, nor a number or a date, which start with a digit, sign or dot.
      const flag = parseBoolean(text, start, end);
      return flag >= 0 ? this.store(row, CellKind.boolean, flag) : this.store(row, CellKind.text, 0);
    }
    this.classify(row, escaped ? text.slice(start, end).replaceAll('""', '"') : text.slice(start, end));
  }

  /** The parsed values of the cells of `kind`, sorted ascending (a new array; not sorted again when the column already is, as ids and times often are). */
  sortedValues(kind: CellKind): Float64Array {
    const sorted = new Float64Array(this.counts[kind]!);
    let n = 0;
    let ascending = true;
    for (let row = 0; row < this.length; row++) {
      if (this.kinds[row] !== kind) continue;
      const value = this.values[row]!;
      if (n > 0 && value < sorted[n - 1]!) ascending = false;
      sorted[n++] = value;
    }
    return ascending ? sorted : sorted.sort();
  }

  /** Calls `visit` with the (trimmed, unescaped) text of every cell that is not missing. */
  forEachPresent(visit: (cell: string) => void): void {
    for (let row = 0; row < this.length; row++) {
      if (this.kinds[row] === CellKind.missing) continue;
      const end = this.ends[row]!;
      const cell = this.text.slice(this.starts[row], end & ~ESCAPED);
      visit(end & ESCAPED ? cell.replaceAll('""', '"') : cell);
    }
  }

  /** Classifies a cell the in-place readers could not. */
  private classify(row: number, cell: string): void {
    let value: number;
    if (isMissing(cell)) {
      this.store(row, CellKind.missing, 0);
    } else if (!Number.isNaN((value = parseDecimal(cell)))) {
      this.store(row, CellKind.number, value);
    } else if (!Number.isNaN((value = parseIsoDate(cell)))) {
      if (!this.hasTime && hasTimeOfDay(cell)) this.hasTime = true;
      this.store(row, CellKind.date, value);
    } else if ((value = parseBoolean(cell, 0, cell.length)) >= 0) {
      this.store(row, CellKind.boolean, value);
    } else {
      this.store(row, CellKind.text, 0);
    }
  }

  private store(row: number, kind: CellKind, value: number): void {
    this.kinds[row] = kind;
    this.values[row] = value;
    this.counts[kind]!++;
  }

  private grow(): void {
    const doubled = Math.max(FIRST_CAPACITY, this.kinds.length * 2);
    const capacity = this.length < this.maxRows ? Math.min(doubled, this.maxRows) : doubled;
    const kinds = new Uint8Array(capacity);
    const values = new Float64Array(capacity);
    const starts = new Uint32Array(capacity);
    const ends = new Uint32Array(capacity);
    kinds.set(this.kinds);
    values.set(this.values);
    starts.set(this.starts);
    ends.set(this.ends);
    [this.kinds, this.values, this.starts, this.ends] = [kinds, values, starts, ends];
  }
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
