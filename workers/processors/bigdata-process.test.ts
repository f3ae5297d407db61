import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { testDatabaseUrl } from '../../server/testing/test-database.ts';
import { PermanentFailure } from '../processor.ts';
import { bigdataProcessor } from './bigdata-process.ts';
import { app } from '../../server/features/index.ts';

/** The processor's dataset read against the test database (binary COPY out of PostgreSQL). */
describe('bigdataProcessor reading its dataset', () => {
  let db: Database;
  const stored: string[] = [];
  /** Stores `bytes` as a dataset, in chunks of `chunkBytes` as an upload stores them. */
  const store = async (bytes: Buffer, chunkBytes = bytes.length) => {
    const { id } = await db.dataset.create({ data: { name: 'test.csv', size: bytes.length }, select: { id: true } });
    for (let seq = 0; seq * chunkBytes < bytes.length; seq += 1) {
      await db.datasetChunk.create({ data: { datasetId: id, seq, bytes: new Uint8Array(bytes.subarray(seq * chunkBytes, (seq + 1) * chunkBytes)) } });
    }
    stored.push(id);
    return id;
  };
  const run = (datasetId: string) => bigdataProcessor({ datasetId }, { db, signal: new AbortController().signal, progress: () => {} });

  beforeAll(() => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  });
  afterAll(async () => {
    await db.dataset.deleteMany({ where: { id: { in: stored } } });
    await db.$disconnect();
  });

  it('profiles the stored UTF-8 text, multi-byte characters included', async () => {
    const text = Buffer.from('city,temp\nZürich,3\n東京,18\n');
    const result = await run(await store(text));
    expect(result).toMatchObject({ rowCount: 2, byteCount: text.length });
    expect(result.columns[0]?.topValues.map((top) => top.value).sort()).toEqual(['Zürich', '東京']);
  });

  it('joins the chunks in order, also where a chunk ends inside a multi-byte character', async () => {
    const text = Buffer.from(`city,temp\n${'Zürich,3\n東京,18\n'.repeat(50)}`);
    const result = await run(await store(text, 7));
    expect(result).toMatchObject({ rowCount: 100, byteCount: text.length });
    expect(result.columns[0]?.topValues.map((top) => top.value).sort()).toEqual(['Zürich', '東京']);
  });

  it('fails for good on bytes that are not UTF-8', async () => {
    const latin1 = await store(Buffer.from('city,temp\nZürich,3\n', 'latin1'));
    await expect(run(latin1)).rejects.toThrow(new PermanentFailure('the file is not UTF-8 text, so it is not a CSV'));
  });

  it('fails for good when the dataset was deleted after the job was queued', async () => {
    const id = await store(Buffer.from('a\n1\n'));
    await db.dataset.delete({ where: { id } });
    await expect(run(id)).rejects.toBeInstanceOf(PermanentFailure);
    await expect(run("x' OR true --")).rejects.toThrow(/no longer exists/);
  });
});
