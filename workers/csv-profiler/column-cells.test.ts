import { describe, expect, it } from 'vitest';
import { CellKind, ColumnCells } from './column-cells.ts';

const BYTES_PER_ROW = 17;

/** A column of `text`'s single-character cells `text[0]`, `text[1]`, … added `count` times over. */
function filled(text: string, maxRows: number, count: number): ColumnCells {
  const cells = new ColumnCells(text, maxRows);
  for (let k = 0; k < count; k++) cells.add(k % text.length, (k % text.length) + 1, false);
  return cells;
}

describe('ColumnCells storage', () => {
  it('holds nothing before its first cell, then room for 1,024 rows, doubling as rows arrive', () => {
    expect(new ColumnCells('7', 1_000_000).byteLength).toBe(0);
    expect(filled('7', 1_000_000, 1).byteLength).toBe(1024 * BYTES_PER_ROW);
    expect(filled('7', 1_000_000, 1025).byteLength).toBe(2048 * BYTES_PER_ROW);
    expect(filled('7', 1_000_000, 5000).byteLength).toBe(8192 * BYTES_PER_ROW);
  });

  it('never holds room for more rows than it was told could come', () => {
    expect(filled('7', 10, 10).byteLength).toBe(10 * BYTES_PER_ROW);
    expect(filled('7', 1500, 1500).byteLength).toBe(1500 * BYTES_PER_ROW);
  });

  it('keeps every cell when given more than it was told, rather than lose one', () => {
    const cells = filled('1x', 10, 25);
    expect(cells.length).toBe(25);
    expect(cells.counts[CellKind.number]).toBe(13);
    expect(cells.counts[CellKind.text]).toBe(12);
    expect(cells.sortedValues(CellKind.number)).toEqual(new Float64Array(13).fill(1));
  });
});
