import { describe, expect, it } from 'vitest';
import { BigdataInputError } from './bigdata-input-error.ts';
import { processBigdata } from './bigdata-process.ts';
import { MAX_COLUMNS, MAX_CSV_BYTES, MAX_ROWS, type BigdataResult } from '../../server/features/jobs/bigdata-protocol.ts';

/**
 * The CSV dialect `bigdata.process` reads (RFC 4180 plus what spreadsheets
 * write) and how it refuses what it cannot read: a `BigdataInputError` whose
 * code says the kind of problem and whose message names the row.
 */

function run(csv: string): Promise<BigdataResult> {
  return processBigdata({ csv }, new AbortController().signal, () => {});
}

/** Each column's name and the text values it holds, most frequent first. */
async function values(csv: string): Promise<Record<string, string[]>> {
  const result = await run(csv);
  return Object.fromEntries(result.columns.map((c) => [c.name, c.topValues.map((v) => v.value)]));
}

async function refusal(csv: string): Promise<{ code: string; message: string }> {
  const error = await run(csv).then(
    () => expect.fail('the CSV was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BigdataInputError);
  const { code, message } = error as BigdataInputError;
  return { code, message };
}

describe('the CSV dialect', () => {
  it('reads quoted fields holding commas, line breaks and doubled quotes', async () => {
    const csv = 'name,note\n"Smith, J","said ""hi""\nthen left"\n"",plain\n';
    expect(await values(csv)).toEqual({ name: ['Smith, J'], note: ['said "hi"\nthen left', 'plain'] });
    expect((await run(csv)).columns[0]).toMatchObject({ count: 1, missing: 1 });
  });

  it('reads CRLF, LF and lone CR line ends, a BOM, and a final line break or none', async () => {
    const expected = { a: ['1', '3'], b: ['x', 'y'] };
    expect(await values('\uFEFFa,b\r\n1,x\r\n3,y\r\n')).toEqual(expected);
    expect(await values('a,b\n1,x\n3,y')).toEqual(expected);
    expect(await values('a,b\r1,x\r3,y\r')).toEqual(expected);
  });

  it('skips blank lines: they are not rows', async () => {
    const result = await run('a,b\n\n1,x\r\n\r\n\n3,y\n\n');
    expect(result.rowCount).toBe(2);
  });

  it('trims spaces and tabs around cells, so padded numbers are numbers', async () => {
    const result = await run('n , t\n 12 ,\t a b \n3,c\n');
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([['n', 'number'], ['t', 'text']]);
    expect(result.columns[1]!.topValues[0]).toEqual({ value: 'a b', count: 1 });
  });

  it('drops spaces around a quoted field, so a, "b, c" has two fields', async () => {
    expect(await values('a, b\n1, "x, y" \n')).toEqual({ a: ['1'], b: ['x, y'] });
  });

  it('keeps a quote inside an unquoted field as a character, as spreadsheets do', async () => {
    expect(await values('height\n5\'11"\n')).toEqual({ height: ['5\'11"'] });
  });

  it('renames empty and repeated header names: column_<n>, then <name>_2, <name>_3 skipping names in use', async () => {
    const result = await run('id,,id,id_2\n1,2,3,4\n');
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'column_2', 'id_3', 'id_2']);
  });
});

describe('refused input', () => {
  it('not_csv: binary data', async () => {
    expect(await refusal('PK\u0003\u0004\u0000\u0000')).toMatchObject({ code: 'not_csv' });
  });

  it('too_large: more than 20 MB, counted in UTF-8 bytes', async () => {
    expect(await refusal('x\n' + '1'.repeat(MAX_CSV_BYTES))).toEqual({ code: 'too_large', message: 'the CSV is 20.1 MB; the limit is 20 MB' });
    expect(await refusal('x\n' + 'é'.repeat(MAX_CSV_BYTES / 2))).toEqual({
      code: 'too_large',
      message: 'the CSV is 20.1 MB; the limit is 20 MB',
    });
  });

  it('empty: no text, only blank lines, or a header without rows', async () => {
    expect(await refusal('')).toEqual({ code: 'empty', message: 'the CSV is empty' });
    expect(await refusal('\uFEFF\r\n \n')).toEqual({ code: 'empty', message: 'the CSV is empty' });
    expect(await refusal('a,b\n\n')).toEqual({ code: 'empty', message: 'the CSV has a header row but no data rows' });
  });

  it('malformed_row: a row whose field count differs from the header’s, numbered like a spreadsheet', async () => {
    expect(await refusal('a,b\n1,2\n1,2,3\n')).toEqual({ code: 'malformed_row', message: 'row 3 has 3 fields, the header has 2' });
    expect(await refusal('a,b\n"x\ny",2\n3\n')).toEqual({
      code: 'malformed_row',
      message: 'row 3 (line 4) has 1 field, the header has 2',
    });
  });

  it('malformed_row: a quoted field that never closes, or text after a closing quote', async () => {
    expect(await refusal('a,b\n1,"oops\n2,3\n')).toEqual({
      code: 'malformed_row',
      message: 'row 2: a quoted field (field 2) is never closed',
    });
    expect(await refusal('a\n"x"y\n')).toEqual({
      code: 'malformed_row',
      message: 'row 2: field 1 has text after its closing quote; a quote inside a quoted field must be doubled ("")',
    });
  });

  it('too_many_rows: more than 1,000,000 data rows (exactly that many is fine)', async () => {
    expect((await run('x\n' + '1\n'.repeat(MAX_ROWS))).rowCount).toBe(MAX_ROWS);
    expect(await refusal('x\n' + '1\n'.repeat(MAX_ROWS + 1))).toEqual({
      code: 'too_many_rows',
      message: 'row 1000002 is past the limit of 1,000,000 data rows',
    });
  });

  it('too_many_columns: more than 1,000 columns', async () => {
    const header = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    expect(await refusal(`${header}\n`)).toEqual({ code: 'too_many_columns', message: 'the header has 1001 columns; the limit is 1000' });
  });
});
