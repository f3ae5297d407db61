import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, poolOf } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import { loadConfig } from '../config.ts';
import { catchUp } from '../features/liveblog/index.ts';
import { liveblogGroup } from '../features/liveblog/liveblog-protocol.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { runRetention } from './run-retention.ts';
import { app } from '../features/index.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
/** The defaults: outbox 7 days, chat messages and empty rooms 30 days, finished jobs 7 days. */
const policy = loadConfig({}).retention;

/**
 * The retention job against the test database: rows of every store, some
 * past their retention and some not, and exactly the old ones go.
 */
describe('runRetention', () => {
  let db: Database;
  const run = randomBytes(4).toString('hex');
  const name = (label: string) => `retention-${label}-${run}`;
  const sql = (text: string, values: unknown[] = []) => poolOf(db).query(text, values);
  const exists = async (table: string, column: string, value: unknown) => (await sql(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [value])).rowCount === 1;
  let userId: string;

  beforeAll(async () => {
    db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
    userId = (await db.user.create({ data: { username: name('user'), passwordHash: 'x' }, select: { id: true } })).id;
  });
  afterAll(async () => {
    await sql(`DELETE FROM outbox_events WHERE "group" LIKE $1`, [`%${run}%`]);
    await sql('DELETE FROM chat_rooms WHERE name LIKE $1', [`%${run}%`]);
    await sql('DELETE FROM jobs WHERE reply_channel LIKE $1', [`%${run}%`]);
    await sql('DELETE FROM datasets WHERE name LIKE $1', [`%${run}%`]);
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
  });

  it('deletes expired sessions only', async () => {
    const [expired, live] = [name('expired'), name('live')];
    await sql('INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $3, $4), ($2, $3, $5)', [expired, live, userId, ago(60_000), ago(-DAY)]);
    await runRetention(db, policy, { now });
    expect(await exists('sessions', 'id', expired)).toBe(false);
    expect(await exists('sessions', 'id', live)).toBe(true);
  });

  it('deletes sent outbox events past their retention, keeping unsent ones and each group’s newest; a reader behind them is told to reset', async () => {
    const slug = `retention-${run}`;
    const [group, lonely] = [liveblogGroup(slug), name('lonely')];
    const insert = async (g: string, sentAt: string | null, createdAt: string) =>
      (await sql(`INSERT INTO outbox_events ("group", event, payload, created_at, sent_at) VALUES ($1, 'post.published', '{}', $2, $3) RETURNING id::text`, [g, createdAt, sentAt])).rows[0]
        .id as string;
    const oldSent = await insert(group, ago(10 * DAY), ago(10 * DAY));
    const unsent = await insert(group, null, ago(10 * DAY));
    const recent = await insert(group, ago(DAY), ago(DAY));
    const newestButOld = await insert(lonely, ago(10 * DAY), ago(10 * DAY));
    await runRetention(db, policy, { now });
    expect(await exists('outbox_events', 'id', oldSent)).toBe(false);
    for (const kept of [unsent, recent, newestButOld]) expect(await exists('outbox_events', 'id', kept)).toBe(true);
    expect(await catchUp(db, slug, oldSent)).toMatchObject({ reset: true });
  });

  it('deletes chat messages past their retention, then rooms left empty and old, unless someone is in them', async () => {
    const [busy, emptied, occupied, fresh] = [name('busy'), name('emptied'), name('occupied'), name('fresh')];
    await sql('INSERT INTO chat_rooms (name, created_at) VALUES ($1, $5), ($2, $5), ($3, $5), ($4, $6)', [busy, emptied, occupied, fresh, ago(40 * DAY), ago(DAY)]);
    // Message ids grow with time: old messages get the lowest ids, as they would have.
    const oldId = -randomInt(1, 2 ** 40);
    await sql(
      `INSERT INTO chat_messages (id, room_name, seq, author_name, body, created_at) VALUES ($1, $2, 1, 'a', 'old', $4), ($1 - 1, $3, 1, 'a', 'old', $4)`,
      [oldId, busy, emptied, ago(40 * DAY)],
    );
    const { rows } = await sql(`INSERT INTO chat_messages (room_name, seq, author_name, body) VALUES ($1, 2, 'a', 'new') RETURNING id`, [busy]);
    await runRetention(db, policy, { now, occupiedRooms: async () => new Set([occupied]) });
    expect(await exists('chat_messages', 'id', oldId)).toBe(false);
    expect(await exists('chat_messages', 'id', oldId - 1)).toBe(false);
    expect(await exists('chat_messages', 'id', rows[0].id)).toBe(true);
    expect(await exists('chat_rooms', 'name', emptied)).toBe(false);
    for (const kept of [busy, occupied, fresh]) expect(await exists('chat_rooms', 'name', kept)).toBe(true);
  });

  it('deletes jobs finished past their retention, abandoned uploads with what they stored, and datasets no job in flight needs', async () => {
    const job = async (state: string, at: { created: string; finished?: string }, datasetCreated?: string) => {
      const id = randomUUID();
      const datasetId = datasetCreated ? randomUUID() : null;
      if (datasetId) {
        await sql('INSERT INTO datasets (id, name, size, created_at) VALUES ($1, $2, 2, $3)', [datasetId, name('data'), datasetCreated]);
        await sql(`INSERT INTO dataset_chunks (dataset_id, seq, bytes) VALUES ($1, 0, 'a\n')`, [datasetId]);
      }
      await sql(
        `INSERT INTO jobs (id, channel, reply_channel, label, input, state, dataset_id, created_at, finished_at)
         VALUES ($1, 'bigdata.process', $2, 'x', '{}', $3, $4, $5, $6)`,
        [id, name('tab'), state, datasetId, at.created, at.finished ?? null],
      );
      return { id, datasetId };
    };
    const oldFinished = await job('completed', { created: ago(10 * DAY), finished: ago(10 * DAY) });
    const oldFailed = await job('failed', { created: ago(10 * DAY), finished: ago(8 * DAY) });
    const recentFinished = await job('cancelled', { created: ago(10 * DAY), finished: ago(DAY) }, ago(2 * HOUR));
    const longQueued = await job('queued', { created: ago(10 * DAY) }, ago(10 * DAY));
    const abandoned = await job('uploading', { created: ago(2 * HOUR) }, ago(2 * HOUR));
    const uploading = await job('uploading', { created: ago(60_000) }, ago(60_000));
    const [orphanOld, orphanNew] = [randomUUID(), randomUUID()];
    await sql('INSERT INTO datasets (id, name, size, created_at) VALUES ($1, $3, 0, $4), ($2, $3, 0, $5)', [orphanOld, orphanNew, name('orphan'), ago(2 * HOUR), ago(60_000)]);

    await runRetention(db, policy, { now });
    for (const gone of [oldFinished, oldFailed, abandoned]) expect(await exists('jobs', 'id', gone.id)).toBe(false);
    for (const kept of [recentFinished, longQueued, uploading]) expect(await exists('jobs', 'id', kept.id)).toBe(true);
    for (const gone of [abandoned.datasetId, recentFinished.datasetId, orphanOld]) {
      expect(await exists('datasets', 'id', gone)).toBe(false);
      expect(await exists('dataset_chunks', 'dataset_id', gone)).toBe(false);
    }
    for (const kept of [longQueued.datasetId, uploading.datasetId, orphanNew]) expect(await exists('datasets', 'id', kept)).toBe(true);
  });

  it('deletes in batches of at most batchSize rows, until a batch finds nothing', async () => {
    await runRetention(db, policy, { now }); // whatever else had expired
    const ids = Array.from({ length: 5 }, (_, i) => name(`batch-${i}`));
    await sql('INSERT INTO sessions (id, user_id, expires_at) SELECT unnest($1::text[]), $2, $3', [ids, userId, ago(60_000)]);
    const report = await runRetention(db, { ...policy, batchSize: 2 }, { now });
    expect(report.sessions).toEqual({ deleted: 5, batches: 4 });
    expect(report.chatMessages).toEqual({ deleted: 0, batches: 1 });
  });
});
