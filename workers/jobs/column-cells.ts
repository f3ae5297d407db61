import { isMissing, parseBoolean, parseDecimal } from './cell-parsers.ts';
import { hasTimeOfDay, parseIsoDate } from './iso-date.ts';

/** What a cell holds; indexes `ColumnCells.counts`. */
export const CellKind = { missing: 0, number: 1, date: 2, boolean: 3, text: 4 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

const ESCAPED = 0x8000_0000;

/**
 * One column's cells, stored column-wise without keeping a string or object per cell:
 * each cell's kind (a byte), its parsed value (a float: the number, the date
 * as epoch ms, or 1/0 for true/false) and its offsets into the CSV text, so
 * text can be read back only for the columns that turn out to be text.
 *
 * Cells are trimmed of spaces and tabs before they are classified.
 */
export class ColumnCells {
  /** Cells added so far. */
  length = 0;
  /** How many cells of each kind, indexed by `CellKind`. */
  readonly counts = [0, 0, 0, 0, 0];
  /** Whether any date cell carried a time of day. */
  hasTime = false;
  private kinds: Uint8Array;
  private values: Float64Array;
  private starts: Uint32Array;
  private ends: Uint32Array;

  /** `capacity` is a first guess at the row count; storage grows past it. */
  constructor(
    private readonly text: string,
    capacity: number,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.values = new Float64Array(capacity);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
  }

  /** Classifies and stores the cell `text[start, end)`; `escaped` if it holds doubled quotes. */
  add(start: number, end: number, escaped: boolean): void {
    const text = this.text;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (this.length === this.kinds.length) this.grow();
    const row = this.length++;
    this.starts[row] = start;
    this.ends[row] = escaped ? end | ESCAPED : end;
    const cell = escaped ? text.slice(start, end).replaceAll('""', '"') : text.slice(start, end);
    let kind: CellKind;
    let value: number;
    if (isMissing(cell)) {
      kind = CellKind.missing;
      value = 0;
    } else if (!Number.isNaN((value = parseDecimal(cell)))) {
      kind = CellKind.number;
    } else if (!Number.isNaN((value = parseIsoDate(cell)))) {
      kind = CellKind.date;
      if (!this.hasTime && hasTimeOfDay(cell)) this.hasTime = true;
    } else if ((value = parseBoolean(cell)) >= 0) {
      kind = CellKind.boolean;
    } else {
      kind = CellKind.text;
      value = 0;
    }
    this.kinds[row] = kind;
    this.values[row] = value;
    this.counts[kind]!++;
  }

  /** The parsed values of the cells of `kind`, sorted ascending (a new array). */
  sortedValues(kind: CellKind): Float64Array {
    const sorted = new Float64Array(this.counts[kind]!);
    let n = 0;
    for (let row = 0; row < this.length; row++) {
      if (this.kinds[row] === kind) sorted[n++] = this.values[row]!;
    }
    return sorted.sort();
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

  private grow(): void {
    const capacity = Math.max(16, this.kinds.length * 2);
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
