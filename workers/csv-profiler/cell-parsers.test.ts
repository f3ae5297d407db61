import { describe, expect, it } from 'vitest';
import { isMissing, parseBoolean, parseDecimal, parsePlainDecimal } from './cell-parsers.ts';

/** A small seeded generator (mulberry32), so a failure names a reproducible string. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plain decimal: sign, 1–15 significant digits around a dot, an exponent keeping the power of ten within ±22. */
function plainDecimal(next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  const digits = Array.from({ length: 1 + pick(15) }, (_, k) => String(k === 0 ? 1 + pick(9) : pick(10))).join('');
  const dot = pick(digits.length + 1);
  const fraction = digits.length - dot;
  const mantissa = dot === digits.length ? digits : `${digits.slice(0, dot)}.${digits.slice(dot)}`;
  const exponent = next() < 0.3 ? pick(23 - fraction) - pick(23 - fraction) : 0;
  const sign = ['', '-', '+'][pick(3)];
  return `${sign}${mantissa}${exponent === 0 ? '' : `${next() < 0.5 ? 'e' : 'E'}${exponent}`}`;
}

const plain = (cell: string) => parsePlainDecimal(cell, 0, cell.length);

describe('parsePlainDecimal', () => {
  it('gives the very double Number() gives, for 100,000 generated plain decimals', () => {
    const next = random(20261124);
    for (let k = 0; k < 100_000; k++) {
      const cell = plainDecimal(next);
      expect([cell, plain(cell)]).toEqual([cell, Number(cell)]);
    }
  });

  it('reads the edge shapes Number() reads: leading zeros, a bare dot on either side, signed zero', () => {
    for (const cell of ['007', '1.', '.5', '+.5', '-0', '-0.0', '0.05', '1.50', '1E+05', '9.99999999999999e22', '123456789012345']) {
      expect(Object.is(plain(cell), Number(cell)), cell).toBe(true);
    }
  });

  it('reads a cell where it lies in a longer text', () => {
    expect(parsePlainDecimal('id,-12.50e1,x', 3, 11)).toBe(-125);
  });

  it('leaves to parseDecimal what it cannot read exactly or at all, which parseDecimal then decides', () => {
    const deferred = ['0x1f', '1e', '1e+', '1.2.3', '', '-', '.', 'Infinity', '1,000', '1234567890123456', '1e23', '1e-23', '1e0005', '5\n', '2024-03-01'];
    for (const cell of deferred) expect(plain(cell), cell).toBeNaN();
    expect(parseDecimal('1234567890123456')).toBe(1234567890123456);
    expect(parseDecimal('1e23')).toBe(1e23);
    expect(parseDecimal('0x1f')).toBeNaN();
  });
});

describe('parseBoolean', () => {
  it('reads true and false in any letter case, in place, and nothing else', () => {
    expect(['true', 'TRUE', 'tRuE', 'false', 'False'].map((cell) => parseBoolean(cell, 0, cell.length))).toEqual([1, 1, 1, 0, 0]);
    expect(['yes', 'no', '1', '0', 'truth', 'fals', 'tru\u0435'].map((cell) => parseBoolean(cell, 0, cell.length))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
    expect(parseBoolean('x,True,y', 2, 6)).toBe(1);
  });
});

describe('isMissing', () => {
  it('knows the missing markers, case-sensitively', () => {
    expect(['', 'NA', 'N/A', '#N/A', '<NA>', 'null', 'NaN', 'None'].every(isMissing)).toBe(true);
    expect(['na', 'Nones', 'NAN', '0', ' '].some(isMissing)).toBe(false);
  });
});
