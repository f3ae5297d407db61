import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** The first 11 bytes of PostgreSQL's binary COPY format. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32) and the header extension's length (int32). */
const HEADER_BYTES = SIGNATURE.length + 8;

/** One row of a binary COPY: each field's bytes as PostgreSQL sends them (a bytea's are the stored bytes), NULL as null. */
export type CopyRow = (Buffer | null)[];

/**
 * Parses the output of `COPY … TO STDOUT (FORMAT binary)`: the header, then
 * rows of length-prefixed fields, then the trailer. Truncated or foreign
 * data throws instead of returning part of it.
 */
export function parseBinaryCopy(data: Buffer): CopyRow[] {
  if (data.length < HEADER_BYTES || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new Error('not PostgreSQL binary COPY data');
  }
  let at = HEADER_BYTES + data.readUInt32BE(HEADER_BYTES - 4);
  const rows: CopyRow[] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    const row: CopyRow = [];
    for (let i = 0; i < fields; i += 1) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length > data.length - at) throw new RangeError('binary COPY data ends inside a field');
      row.push(length === -1 ? null : data.subarray(at, at + length));
      at += Math.max(length, 0);
    }
    rows.push(row);
  }
}

/**
 * Runs `COPY (query) TO STDOUT (FORMAT binary)` on a connection of `pool` and
 * returns its rows. For large values it is the cheap way out of PostgreSQL:
 * in a query's result `pg` decodes every field as UTF-8 text (a bytea is
 * sent hex-encoded, twice its size), while COPY hands over the raw bytes. COPY
 * takes no parameters: quote values into `query` with `pg.escapeLiteral`.
 */
export async function copyOutBinary(pool: pg.Pool, query: string): Promise<CopyRow[]> {
  const client = await pool.connect();
  const chunks: Buffer[] = [];
  let failure: Error | undefined;
  try {
    for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) chunks.push(chunk as Buffer);
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A connection whose COPY failed midway is closed rather than reused.
    client.release(failure);
  }
  return parseBinaryCopy(Buffer.concat(chunks));
}
