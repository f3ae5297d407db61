/**
 * How one trimmed CSV cell is read. Each parser is cheap to call on a cell of
 * another kind: it looks at the first characters before doing real work.
 */

/**
 * Cells that mean "no value" (pandas' defaults, minus the exotic ones):
 * the empty string, `NA`, `N/A`, `n/a`, `#N/A`, `<NA>`, `null`, `NULL`,
 * `Null`, `NaN`, `nan` and `None`. Case-sensitive: `na` is text.
 */
export const MISSING_VALUES: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', '#N/A', '<NA>', 'null', 'NULL', 'Null', 'NaN', 'nan', 'None',
]);

/** Whether a trimmed cell is missing (see `MISSING_VALUES`). */
export function isMissing(cell: string): boolean {
  if (cell.length === 0) return true;
  // Every missing marker starts with N, n, # or <: other cells skip hashing.
  const first = cell.charCodeAt(0);
  return cell.length <= 4 && (first === 0x4e || first === 0x6e || first === 0x23 || first === 0x3c) && MISSING_VALUES.has(cell);
}

/**
 * The number a decimal cell spells (`42`, `-3.5`, `.5`, `+1e-7`), or NaN.
 * Unlike `Number()`, refuses hex/binary/octal (`0x1f`), `Infinity` and values
 * that overflow to it; thousands separators (`1,000`) are not numbers either.
 */
export function parseDecimal(cell: string): number {
  const first = cell.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2b || first === 0x2e)) return NaN;
  if (first === 0x30 && cell.length > 2) {
    const radix = cell.charCodeAt(1) | 0x20;
    if (radix === 0x78 || radix === 0x62 || radix === 0x6f) return NaN;
  }
  const value = Number(cell);
  return Number.isFinite(value) ? value : NaN;
}

/** 1 for `true`, 0 for `false` (any letter case), -1 for anything else. `yes`/`no`/`1`/`0` are not booleans. */
export function parseBoolean(cell: string): number {
  if (cell.length !== 4 && cell.length !== 5) return -1;
  const first = cell.charCodeAt(0) | 0x20;
  if (first !== 0x74 && first !== 0x66) return -1;
  const lower = cell.toLowerCase();
  return lower === 'true' ? 1 : lower === 'false' ? 0 : -1;
}
