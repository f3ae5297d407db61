import { BigdataInputError } from './bigdata-input-error.ts';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
const SPACE = 0x20;
const TAB = 0x09;
/** Set on a field's end offset when its text holds doubled (escaped) quotes. */
const ESCAPED = 0x8000_0000;

/**
 * Reads RFC 4180 records from a string, one at a time, without copying: each
 * field is an offset range into the text, read back with `field(k)`.
 *
 * Accepted: quoted fields holding commas, line breaks and doubled quotes; LF,
 * CRLF or lone CR line ends; a leading BOM; a missing or extra final line
 * break; spaces or tabs around a quoted field (`a, "b, c"`), which are dropped.
 * Blank lines are skipped (they are not rows; a single-column file writes a
 * missing value as `""` or `NA`). A quote inside an unquoted field is kept as
 * a literal character, as spreadsheets do. Refused
 * (`malformed_row`): a quoted field that never closes, and text after a
 * closing quote.
 *
 * @example
 * const reader = new CsvReader('a,b\n1,"x, y"\n');
 * reader.next(); // 2 — the header
 * reader.next(); reader.field(1); // 'x, y'
 * reader.next(); // -1 — the end
 */
export class CsvReader {
  /** Offset of the next unread character. */
  position: number;
  /** Records read so far, the current one included: its spreadsheet row number. */
  row = 0;
  private recordStart = 0;
  private starts = new Uint32Array(64);
  private ends = new Uint32Array(64);

  constructor(readonly text: string) {
    this.position = text.charCodeAt(0) === BOM ? 1 : 0;
  }

  /** Reads the next record and returns its field count, or -1 when the text is used up. */
  next(): number {
    const text = this.text;
    const length = text.length;
    let i = this.position;
    for (let c = text.charCodeAt(i); c === LF || c === CR; c = text.charCodeAt(++i));
    if (i >= length) {
      this.position = length;
      return -1;
    }
    this.recordStart = i;
    this.row++;
    let count = 0;
    for (;;) {
      if (count === this.starts.length) this.grow();
      let c = text.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        let j = i + 1;
        while (isBlank(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === QUOTE) c = text.charCodeAt((i = j));
      }
      if (c === QUOTE) {
        const start = i + 1;
        let escaped = 0;
        for (;;) {
          const close = text.indexOf('"', i + 1);
          if (close < 0) throw this.error(`a quoted field (field ${count + 1}) is never closed`);
          i = close + 1;
          if (text.charCodeAt(i) !== QUOTE) break;
          escaped = ESCAPED;
        }
        this.starts[count] = start;
        this.ends[count++] = (i - 1) | escaped;
        c = text.charCodeAt(i);
        while (isBlank(c)) c = text.charCodeAt(++i);
        if (c !== COMMA && c !== LF && c !== CR && i < length) {
          throw this.error(`field ${count} has text after its closing quote; a quote inside a quoted field must be doubled ("")`);
        }
      } else {
        const start = i;
        while (c !== COMMA && c !== LF && c !== CR && i < length) c = text.charCodeAt(++i);
        this.starts[count] = start;
        this.ends[count++] = i;
      }
      if (c !== COMMA) break;
      i++;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    this.position = i;
    return count;
  }

  /** Field `k` of the current record, unquoted and unescaped. */
  field(k: number): string {
    const end = this.fieldEnd(k);
    const text = this.text.slice(this.starts[k], end);
    return this.ends[k]! & ESCAPED ? text.replaceAll('""', '"') : text;
  }

  /** Offset where field `k`'s text starts (after an opening quote). */
  fieldStart(k: number): number {
    return this.starts[k]!;
  }

  /** Offset just past field `k`'s text (before a closing quote). */
  fieldEnd(k: number): number {
    return this.ends[k]! & ~ESCAPED;
  }

  /** Whether field `k` holds doubled quotes that `field(k)` turns into single ones. */
  fieldEscaped(k: number): boolean {
    return (this.ends[k]! & ESCAPED) !== 0;
  }

  /** "row N", plus "(line L)" when the text line differs, for error messages about the current record. */
  describeRow(): string {
    let line = 1;
    for (let i = 0; i < this.recordStart; i++) {
      const c = this.text.charCodeAt(i);
      if (c === LF || (c === CR && this.text.charCodeAt(i + 1) !== LF)) line++;
    }
    return line === this.row ? `row ${this.row}` : `row ${this.row} (line ${line})`;
  }

  private error(what: string): BigdataInputError {
    return new BigdataInputError('malformed_row', `${this.describeRow()}: ${what}`);
  }

  private grow(): void {
    const starts = new Uint32Array(this.starts.length * 2);
    const ends = new Uint32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
