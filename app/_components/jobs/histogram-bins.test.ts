import { describe, expect, it } from 'vitest';
import { histogramAxis, histogramBins } from './histogram-bins.ts';

/**
 * Spec: a histogram's bars and axis say which values they hold. Integer data
 * comes in half-open integer bins whose last edge lies past the maximum (the
 * worker's [min, min + w), …): the labels name the integers each bar holds,
 * and the axis ends at the column's maximum, never one past it. Other data
 * is labelled by its intervals, the last one closed.
 */
describe('histogram labels', () => {
  it('ends the axis of integers 1–100 at 100, not 101, and names each bar’s integers', () => {
    const histogram = { edges: Array.from({ length: 21 }, (_, k) => 1 + 5 * k), counts: Array.from({ length: 20 }, () => 5) };
    expect(histogramAxis(histogram, 100)).toEqual({ start: '1', end: '100' });
    const bins = histogramBins(histogram, 100);
    expect(bins[0]).toEqual({ count: 5, range: '1 to 5' });
    expect(bins.at(-1)).toEqual({ count: 5, range: '96 to 100' });
  });

  it('clamps a last integer bin that the maximum does not fill, and names one-integer bins by their value', () => {
    // Ratings 1–5: five bins of one value each, edges 1..6.
    expect(histogramBins({ edges: [1, 2, 3, 4, 5, 6], counts: [1, 2, 3, 4, 5] }, 5).map((bin) => bin.range)).toEqual(['1', '2', '3', '4', '5']);
    // 0–20 in bins of two: the last bin [20, 22) holds only 20.
    const edges = Array.from({ length: 12 }, (_, k) => 2 * k);
    expect(histogramBins({ edges, counts: edges.slice(1).map(() => 1) }, 20).at(-1)?.range).toBe('20');
    expect(histogramAxis({ edges, counts: [] }, 20).end).toBe('20');
  });

  it('labels fractional data by intervals, the last closed, with the axis from min to max', () => {
    const histogram = { edges: [0, 2.5, 5], counts: [3, 4] };
    expect(histogramBins(histogram, 5)).toEqual([
      { count: 3, range: '0 to under 2.5' },
      { count: 4, range: '2.5 to 5' },
    ]);
    expect(histogramAxis(histogram, 5)).toEqual({ start: '0', end: '5' });
  });

  it('names a column of one value by that value', () => {
    expect(histogramBins({ edges: [7, 7], counts: [12] }, 7)).toEqual([{ count: 12, range: '7' }]);
  });
});
