import { describe, expect, it } from 'vitest';
import { formatAverage, formatStatistic } from './format.ts';

/** Spec: averages read at a glance (three significant digits, whole numbers in full); observed values keep their precision. */
describe('number formats of the job pages', () => {
  it('shows a mean of 5.5026 as 5.5, and large or small averages sensibly', () => {
    expect([5.5026, 0.0123456, 2499.5, 123456.7, 42].map(formatAverage)).toEqual(['5.5', '0.0123', '2,500', '123,457', '42']);
  });

  it('keeps values up to six significant digits', () => {
    expect([2499.5, 1234567, 0.0123457].map(formatStatistic)).toEqual(['2,499.5', '1,234,567', '0.0123457']);
  });
});
