import { describe, expect, it } from 'vitest';
import { processBigdata } from './bigdata-process.ts';
import { bigdataResultSchema, type BigdataProgress, type BigdataResult, type ColumnProfile } from '../../server/features/jobs/bigdata-protocol.ts';
import type { PacerOptions } from './job-pacer.ts';

/** Profiles `lines` (joined by LF) and checks the result against the wire schema. */
async function profile(lines: string[], onProgress: (p: BigdataProgress) => void = () => {}, pacing?: PacerOptions): Promise<BigdataResult> {
  const result = await processBigdata({ csv: lines.join('\n') }, new AbortController().signal, onProgress, pacing);
  return bigdataResultSchema.parse(result);
}

/** The profile of column `name`, narrowed to `type` (fails the test if it has another type). */
function column<T extends ColumnProfile['type']>(result: BigdataResult, name: string, type: T): Extract<ColumnProfile, { type: T }> {
  const found = result.columns.find((c) => c.name === name);
  expect(found?.type).toBe(type);
  return found as Extract<ColumnProfile, { type: T }>;
}

/** `rows` rows of five columns: id 0..rows-1, a price cycling 0..99.99, a date, a flag (every third true) and a four-way label. */
function generatedCsv(rows: number): string {
  const labels = ['alpha', 'beta', '"gamma, delta"', '"say ""hi"""'];
  const lines = ['id,price,day,flag,label'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${i},${(i % 10_000) / 100},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 3 === 0},${labels[i % 4]}`);
  }
  return lines.join('\r\n') + '\r\n';
}

describe('processBigdata statistics', () => {
  it('describes a numeric column exactly: mean, sample std, interpolated quantiles, integer histogram, top values', async () => {
    const x = column(await profile(['x', ...'3 1 4 1 5 9 2 6 5 3'.split(' ')]), 'x', 'number');
    expect(x).toMatchObject({ count: 10, missing: 0, invalid: 0, distinct: 7, min: 1, max: 9 });
    expect(x.mean).toBeCloseTo(3.9, 12);
    // squared deviations from 3.9 sum to 54.9; sample variance 54.9 / 9
    expect(x.std).toBeCloseTo(Math.sqrt(54.9 / 9), 12);
    // sorted 1 1 2 3 3 4 5 5 6 9; rank (n-1)q: 0.45, 2.25, 4.5, 6.75, 8.55
    expect(x.quantiles.p5).toBeCloseTo(1, 12);
    expect(x.quantiles.p25).toBeCloseTo(2.25, 12);
    expect(x.quantiles.p50).toBe(3.5);
    expect(x.quantiles.p75).toBeCloseTo(5, 12);
    expect(x.quantiles.p95).toBeCloseTo(6 + 3 * 0.55, 12);
    // integers 1..9: one integer per bin
    expect(x.histogram).toEqual({ edges: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], counts: [2, 1, 2, 1, 2, 1, 0, 0, 1] });
    expect(x.topValues.slice(0, 4)).toEqual([
      { value: '1', count: 2 },
      { value: '3', count: 2 },
      { value: '5', count: 2 },
      { value: '2', count: 1 },
    ]);
  });

  it('bins fractional data into 20 equal-width bins from min to max, the last one closed', async () => {
    const y = column(await profile(['y', '0', '0.5', '1', '1.5', '2', '10']), 'y', 'number');
    expect(y.histogram.edges).toHaveLength(21);
    expect(y.histogram.edges[0]).toBe(0);
    expect(y.histogram.edges[20]).toBe(10);
    expect(y.histogram.counts).toEqual([1, 1, 1, 1, 1, ...Array<number>(14).fill(0), 1]);
    expect(y.histogram.counts.reduce((a, b) => a + b)).toBe(y.count);
  });

  it('gives a single value one bin and no standard deviation', async () => {
    const z = column(await profile(['z', '7', 'NA', '7']), 'z', 'number');
    expect(z).toMatchObject({ count: 2, missing: 1, mean: 7, std: 0, histogram: { edges: [7, 7], counts: [2] } });
    expect(column(await profile(['z', '7']), 'z', 'number').std).toBeNull();
  });

  it('counts missing markers apart, and counts non-numbers in a numeric column as invalid, outside the statistics', async () => {
    const cells = [...Array.from({ length: 19 }, (_, i) => String(i + 1)), 'oops', '""', 'NA', 'null', 'NaN', ' N/A '];
    const n = column(await profile(['n', ...cells]), 'n', 'number');
    expect(n).toMatchObject({ count: 19, invalid: 1, missing: 5, min: 1, max: 19, mean: 10 });
    expect(n.histogram.counts.reduce((a, b) => a + b)).toBe(19);
  });

  it('calls a column numeric only when at least 95% of its present cells are numbers', async () => {
    const cells = [...Array.from({ length: 18 }, (_, i) => String(i)), 'x', 'y'];
    const t = column(await profile(['t', ...cells]), 't', 'text');
    expect(t).toMatchObject({ count: 20, invalid: 0, missing: 0, distinct: 20, topValuesOf: 'values' });
  });

  it('infers ISO dates (min, max and observed quantiles as dates) and timestamps (as UTC ISO strings)', async () => {
    const result = await profile([
      'day,at',
      '2024-03-01,2024-03-01T12:00:00+02:00',
      '2024-01-15,2024-03-01 08:30',
      '2024-02-29,2024-03-01T09:15:30.5Z',
      ',',
    ]);
    const day = column(result, 'day', 'date');
    expect(day).toMatchObject({ count: 3, missing: 1, min: '2024-01-15', max: '2024-03-01', distinct: 3 });
    expect(day.quantiles).toEqual({ p5: '2024-01-15', p25: '2024-02-29', p50: '2024-02-29', p75: '2024-03-01', p95: '2024-03-01' });
    const at = column(result, 'at', 'date');
    expect(at).toMatchObject({ min: '2024-03-01T08:30:00.000Z', max: '2024-03-01T10:00:00.000Z' });
    expect(at.quantiles.p50).toBe('2024-03-01T09:15:30.500Z');
  });

  it('does not take impossible dates for dates', async () => {
    const d = column(await profile(['d', '2023-02-29', '2024-13-01', '2024-01-01']), 'd', 'text');
    expect(d.count).toBe(3);
  });

  it('infers booleans from true/false in any letter case, counting them in top values', async () => {
    const b = column(await profile(['b', 'true', 'False', 'TRUE', 'true', 'NULL']), 'b', 'boolean');
    expect(b).toMatchObject({ count: 4, missing: 1, invalid: 0, distinct: 2 });
    expect(b.topValues).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
  });

  it('reads a cell the same whether it is plain, padded, quoted, escaped or an unusual number read from its string', async () => {
    const n = column(await profile(['n', '42', ' 42 ', '"42"', '" 4.2e1"', '"42\n"', '0042', '4.2E+1', '42.000000000000000001']), 'n', 'number');
    expect(n).toMatchObject({ count: 8, invalid: 0, distinct: 1, min: 42, max: 42 });
    const b = column(await profile(['b', 'true', ' TRUE', '"false"', '"true"']), 'b', 'boolean');
    expect(b.topValues).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
    const t = column(await profile(['t', '"4""2"', '4"2', '"tr""ue"', 'x', 'NA']), 't', 'text');
    expect(t).toMatchObject({ missing: 1, distinct: 3 });
    expect(t.topValues).toEqual([
      { value: '4"2', count: 2 },
      { value: 'tr"ue', count: 1 },
      { value: 'x', count: 1 },
    ]);
  });

  it('lists text values by frequency, ties in order of first appearance, with their lengths', async () => {
    const c = column(await profile(['c', 'red', 'blue', 'red', 'green', 'blue', 'red']), 'c', 'text');
    expect(c.topValues).toEqual([
      { value: 'red', count: 3 },
      { value: 'blue', count: 2 },
      { value: 'green', count: 1 },
    ]);
    expect(c).toMatchObject({ distinct: 3, topValuesOf: 'values', length: { min: 3, max: 5, mean: 22 / 6 } });
  });

  it('lists words instead of values for free text (mostly unique, 3+ words per value), without stop words', async () => {
    const reviews = ['Great coffee and friendly staff', 'The coffee was cold', '"Friendly staff, slow service"', 'Great value for the coffee'];
    const r = column(await profile(['review', ...reviews]), 'review', 'text');
    expect(r.topValuesOf).toBe('words');
    expect(r.topValues.slice(0, 3)).toEqual([
      { value: 'coffee', count: 3 },
      { value: 'great', count: 2 },
      { value: 'friendly', count: 2 },
    ]);
    expect(r.topValues.map((w) => w.value)).not.toContain('the');
  });

  it('profiles an all-missing column as text with no values', async () => {
    const e = column(await profile(['a,e', '1,', '2,NA']), 'e', 'text');
    expect(e).toMatchObject({ count: 0, missing: 2, distinct: 0, topValues: [], length: null });
  });
});

describe('processBigdata progress and abort', () => {
  it('reports at the start and the end, with rows and bytes only growing and ending at their totals', async () => {
    const reports: BigdataProgress[] = [];
    const csv = generatedCsv(5_000);
    await processBigdata({ csv }, new AbortController().signal, (p) => reports.push(p), { reportEveryMs: 0, reportEveryFraction: 0 });
    expect(reports.length).toBeGreaterThan(5);
    for (const [previous, next] of reports.slice(0, -1).map((p, i) => [p, reports[i + 1]!] as const)) {
      expect(next.fraction).toBeGreaterThanOrEqual(previous.fraction);
      expect(next.rowsProcessed).toBeGreaterThanOrEqual(previous.rowsProcessed);
      expect(next.bytesProcessed).toBeGreaterThanOrEqual(previous.bytesProcessed);
    }
    expect(reports[0]).toMatchObject({ phase: 'parsing', rowsProcessed: 0, totalRows: null });
    expect(reports.at(-1)).toEqual({
      phase: 'analyzing',
      fraction: 1,
      rowsProcessed: 5_000,
      totalRows: 5_000,
      bytesProcessed: Buffer.byteLength(csv),
      totalBytes: Buffer.byteLength(csv),
    });
  });

  it('reports no more often than every 100 ms and 2% by default', async () => {
    const reports: BigdataProgress[] = [];
    await profile(['x', '1', '2'], (p) => reports.push(p));
    expect(reports.map((p) => p.phase)).toEqual(['parsing', 'analyzing']);
    expect(reports[1]!.fraction).toBe(1);
  });

  it('refuses to start once aborted, with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    controller.abort(reason);
    const reports: BigdataProgress[] = [];
    await expect(processBigdata({ csv: 'x\n1\n' }, controller.signal, (p) => reports.push(p))).rejects.toBe(reason);
    expect(reports).toEqual([]);
  });

  it('stops at its next checkpoint after an abort, throwing the signal’s reason', async () => {
    const controller = new AbortController();
    let reportsAfterAbort = 0;
    const job = processBigdata({ csv: generatedCsv(20_000) }, controller.signal, (p) => {
      if (controller.signal.aborted) reportsAfterAbort++;
      if (p.rowsProcessed > 0) controller.abort();
    }, { reportEveryMs: 0, reportEveryFraction: 0 });
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(reportsAfterAbort).toBe(0);
  });

  it('yields to the event loop, so an abort from a timer stops a long job', async () => {
    const controller = new AbortController();
    const csv = generatedCsv(200_000);
    setTimeout(() => controller.abort(), 20);
    await expect(processBigdata({ csv }, controller.signal, () => {})).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('processBigdata at scale', () => {
  it('profiles 200,000 generated rows with every count right', async () => {
    const csv = generatedCsv(200_000);
    const started = performance.now();
    const result = await processBigdata({ csv }, new AbortController().signal, () => {});
    console.log(`200,000 rows × 5 columns (${(csv.length / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`);
    expect(result.rowCount).toBe(200_000);
    expect(result.columns.map((c) => [c.name, c.type, c.count, c.missing, c.invalid])).toEqual([
      ['id', 'number', 200_000, 0, 0],
      ['price', 'number', 200_000, 0, 0],
      ['day', 'date', 200_000, 0, 0],
      ['flag', 'boolean', 200_000, 0, 0],
      ['label', 'text', 200_000, 0, 0],
    ]);
    const id = column(result, 'id', 'number');
    expect(id).toMatchObject({ min: 0, max: 199_999, distinct: 200_000 });
    expect(id.mean).toBeCloseTo(99_999.5, 6);
    expect(id.quantiles.p50).toBe(99_999.5);
    expect(id.histogram.counts).toEqual(Array<number>(20).fill(10_000));
    expect(column(result, 'flag', 'boolean').topValues).toEqual([
      { value: 'false', count: 133_333 },
      { value: 'true', count: 66_667 },
    ]);
    expect(column(result, 'label', 'text').topValues).toEqual(
      ['alpha', 'beta', 'gamma, delta', 'say "hi"'].map((value) => ({ value, count: 50_000 })),
    );
    expect(column(result, 'day', 'date').topValues[0]).toEqual({ value: '2024-01-01', count: 7_143 });
  });
});

/** Profiles `csv` and resolves with how it ended and the most ArrayBuffer memory it held (sampled at every progress report). */
async function arrayBytesOf(csv: string): Promise<{ outcome: string; peakArrayBytes: number }> {
  const before = process.memoryUsage().arrayBuffers;
  let peakArrayBytes = 0;
  const sample = () => (peakArrayBytes = Math.max(peakArrayBytes, process.memoryUsage().arrayBuffers - before));
  const outcome = await processBigdata({ csv }, new AbortController().signal, sample, { reportEveryMs: 0, reportEveryFraction: 0 }).then(
    (result) => `${result.rowCount} rows`,
    (error: Error) => error.message,
  );
  return { outcome, peakArrayBytes };
}

const MB = 1024 * 1024;
const thousandNames = Array.from({ length: 1000 }, (_, k) => `column_name_${k}`).join(',');

describe('processBigdata memory and time, bounded by the data read', () => {
  it('holds column storage for the rows it has read, not for the file’s line breaks: 1,000 names over 109 KB of blank lines', async () => {
    const csv = thousandNames + '\n'.repeat(109_000 - thousandNames.length);
    const { outcome, peakArrayBytes } = await arrayBytesOf(csv);
    expect(outcome).toBe('the CSV has a header row but no data rows');
    // Sized by line count × columns, this requested about 1.6 GB of typed arrays.
    expect(peakArrayBytes).toBeLessThan(4 * MB);
  });

  it('refuses 1,000 names over 2 MiB of blank lines at once, in time linear in the file', async () => {
    const csv = thousandNames + '\n'.repeat(2 * MB);
    const started = performance.now();
    const { outcome, peakArrayBytes } = await arrayBytesOf(csv);
    const elapsedMs = performance.now() - started;
    expect(outcome).toBe('the CSV has a header row but no data rows');
    // Each column counted the file's line breaks again (1,000 × 2 M) and asked for 17 GB of
    // arrays: 24–78 s here. One pass over 2 MiB takes a few ms; 3 s is a bound no load reaches.
    expect(elapsedMs).toBeLessThan(3000);
    expect(peakArrayBytes).toBeLessThan(4 * MB);
  });
});
