/**
 * How one trimmed CSV cell is read. Each parser is cheap to call on a cell of
 * another kind: it looks at the first characters before doing real work.
 * The range parsers read a cell where it lies in the CSV text, so the common
 * cells (plain numbers, booleans, most text) never become strings of their own.
 */

/**
 * Cells that mean "no value" (pandas' defaults, minus the exotic ones):
 * the empty string, `NA`, `N/A`, `n/a`, `#N/A`, `<NA>`, `null`, `NULL`,
 * `Null`, `NaN`, `nan` and `None`. Case-sensitive: `na` is text.
 */
export const MISSING_VALUES: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', '#N/A', '<NA>', 'null', 'NULL', 'Null', 'NaN', 'nan', 'None',
]);

/** 10^0 … 10^22: every one a double exactly (10^23 is not). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Digits a mantissa may have and still be an exact double (10^15 < 2^53). */
const EXACT_DIGITS = 15;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Whether a cell starting with `first` and `length` long may be missing;
 * only then does `isMissing` need the cell as a string.
 */
export function mayBeMissing(first: number, length: number): boolean {
  // Every missing marker is empty, at most 4 long, and starts with N, n, # or <.
  return length === 0 || (length <= 4 && (first === 0x4e || first === 0x6e || first === 0x23 || first === 0x3c));
}

/** Whether a trimmed cell is missing (see `MISSING_VALUES`). */
export function isMissing(cell: string): boolean {
  return mayBeMissing(cell.charCodeAt(0), cell.length) && MISSING_VALUES.has(cell);
}

/** Whether a cell starting with `first` may be a number or an ISO date: a digit, a sign or a dot. */
export function mayBeNumeric(first: number): boolean {
  return isDigit(first) || first === MINUS || first === PLUS || first === DOT;
}

/**
 * The number a decimal cell spells (`42`, `-3.5`, `.5`, `+1e-7`), or NaN.
 * Unlike `Number()`, refuses hex/binary/octal (`0x1f`), `Infinity` and values
 * that overflow to it; thousands separators (`1,000`) are not numbers either.
 */
export function parseDecimal(cell: string): number {
  if (!mayBeNumeric(cell.charCodeAt(0))) return NaN;
  if (cell.charCodeAt(0) === ZERO && cell.length > 2) {
    const radix = cell.charCodeAt(1) | 0x20;
    if (radix === 0x78 || radix === 0x62 || radix === 0x6f) return NaN;
  }
  const value = Number(cell);
  return Number.isFinite(value) ? value : NaN;
}

/**
 * The number the plain decimal `text[start, end)` spells, or NaN when it is
 * not one this can read exactly: `parseDecimal` of the cell decides those.
 * Plain: an optional sign, at most 15 significant digits with an optional
 * dot, an optional exponent, and a power of ten up to 22 in all. Such a
 * mantissa and power are exact doubles, so one multiplication or division,
 * rounded once, gives the same double `Number()` does (Clinger's fast path).
 *
 * @example parsePlainDecimal('id,-12.50e1', 3, 11) // → -125
 */
export function parsePlainDecimal(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === MINUS;
  if (negative || c === PLUS) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let sawDigit = false;
  let inFraction = false;
  for (; i < end; c = text.charCodeAt(++i)) {
    if (isDigit(c)) {
      sawDigit = true;
      if (digits > 0 || c !== ZERO) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
      }
      if (inFraction) exponent--;
    } else if (c === DOT && !inFraction) {
      inFraction = true;
    } else {
      break;
    }
  }
  if (!sawDigit || digits > EXACT_DIGITS) return NaN;
  if (i < end && (c | 0x20) === 0x65) {
    const power = readExponent(text, i + 1, end);
    if (Number.isNaN(power)) return NaN;
    exponent += power;
    i = end;
  }
  if (i !== end || exponent < -22 || exponent > 22) return NaN;
  const value = exponent >= 0 ? mantissa * EXACT_POWERS_OF_TEN[exponent]! : mantissa / EXACT_POWERS_OF_TEN[-exponent]!;
  return negative ? -value : value;
}

/** 1 for `true`, 0 for `false` (any letter case) in `text[start, end)`, -1 for anything else. `yes`/`no`/`1`/`0` are not booleans. */
export function parseBoolean(text: string, start: number, end: number): number {
  if (spellsInAnyCase(text, start, end, 'true')) return 1;
  return spellsInAnyCase(text, start, end, 'false') ? 0 : -1;
}

/** The exponent digits after `e` (an optional sign, 1–3 digits) up to `end`, or NaN. */
function readExponent(text: string, start: number, end: number): number {
  let i = start;
  const sign = text.charCodeAt(i);
  if (sign === MINUS || sign === PLUS) i++;
  if (i === end || end - i > 3) return NaN;
  let power = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return NaN;
    power = power * 10 + (c - ZERO);
  }
  return sign === MINUS ? -power : power;
}

/** Whether `text[start, end)` is the lowercase ASCII `word` in any letter case. */
function spellsInAnyCase(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    // Only the upper and lower case of an ASCII letter give that letter with bit 0x20 set.
    if ((text.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= 0x39;
}
