import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../server/testing/test-database.ts';
import { copyOutBinary, parseBinaryCopy } from './binary-copy.ts';

const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const TRAILER = int16(-1);

describe('parseBinaryCopy', () => {
  it('reads rows of fields, NULL as null, up to the trailer', () => {
    const data = Buffer.concat([header, int16(2), int32(3), Buffer.from('abc'), int32(-1), int16(1), int32(0), TRAILER]);
    expect(parseBinaryCopy(data)).toEqual([[Buffer.from('abc'), null], [Buffer.alloc(0)]]);
  });

  it('skips a header extension', () => {
    const extended = Buffer.concat([header.subarray(0, 15), int32(2), Buffer.from('xx')]);
    expect(parseBinaryCopy(Buffer.concat([extended, int16(1), int32(1), Buffer.from('z'), TRAILER]))).toEqual([[Buffer.from('z')]]);
  });

  it('refuses data that is not binary COPY, or that ends early', () => {
    expect(() => parseBinaryCopy(Buffer.from('id,bytes\n1,abc\n'))).toThrow(/not PostgreSQL binary COPY/);
    expect(() => parseBinaryCopy(Buffer.concat([header, int16(1), int32(10), Buffer.from('abc')]))).toThrow(/ends inside a field/);
    expect(() => parseBinaryCopy(Buffer.concat([header, int16(1), int32(1), Buffer.from('a')]))).toThrow(RangeError);
  });
});

describe('copyOutBinary against PostgreSQL', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
  });
  afterAll(() => pool.end());

  it('returns every byte as stored, NULLs, and no rows when nothing matches', async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const rows = await copyOutBinary(pool, `SELECT ${pg.escapeLiteral(`\\x${everyByte.toString('hex')}`)}::bytea, NULL::bytea UNION ALL SELECT '', 'x'`);
    expect(rows).toEqual([
      [everyByte, null],
      [Buffer.alloc(0), Buffer.from('x')],
    ]);
    expect(await copyOutBinary(pool, 'SELECT 1 WHERE false')).toEqual([]);
  });

  it('rejects a failing query, and the pool goes on serving', async () => {
    await expect(copyOutBinary(pool, 'SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    expect((await pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    expect(await copyOutBinary(pool, 'SELECT 7::int4')).toEqual([[int32(7)]]);
  });
});
