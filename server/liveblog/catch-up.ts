import type { Database } from '../../prisma/client.ts';
import { CATCH_UP_MAX, catchUpChangeSchema, liveblogGroup } from '../protocol/liveblog.ts';
import type { CatchUpChange } from '../protocol/liveblog.ts';

/** What a following reader gets: the changes after its cursor, the cursor to keep, and whether to reload instead. */
export type CatchUp = { cursor: string; changes: CatchUpChange[]; reset: boolean };

type Row = { id: string; event: string; payload: Record<string, unknown> };

/**
 * The changes of a liveblog recorded after `after` (an outbox cursor), in
 * commit order, read from the outbox. Without `after` it returns the current
 * cursor only. `reset` is set when the reader is too far behind
 * (`CATCH_UP_MAX` changes) or its cursor's row is no longer in the outbox
 * (pruned): the reader then reloads the latest posts instead.
 *
 * Call it after adding the reader to the group: whatever commits later
 * arrives live; overlaps are dropped by the reader by cursor.
 */
export async function catchUp(db: Database, slug: string, after?: string): Promise<CatchUp> {
  const group = liveblogGroup(slug);
  if (after === undefined) return { cursor: await latestCursor(db, group), changes: [], reset: false };
  if (after !== '0') {
    const known = await db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_events WHERE "group" = ${group} AND id = ${after}::bigint) AS found`;
    if (!known[0]?.found) return { cursor: await latestCursor(db, group), changes: [], reset: true };
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT id::text AS id, event, payload FROM outbox_events
    WHERE "group" = ${group} AND id > ${after}::bigint ORDER BY id LIMIT ${CATCH_UP_MAX + 1}`;
  if (rows.length > CATCH_UP_MAX) return { cursor: await latestCursor(db, group), changes: [], reset: true };
  const changes = rows.map((row) => catchUpChangeSchema.parse({ event: row.event, change: { ...row.payload, cursor: row.id } }));
  return { cursor: rows.at(-1)?.id ?? after, changes, reset: false };
}

/** The cursor of the latest change of a group, or "0". */
export async function latestCursor(db: Database, group: string): Promise<string> {
  const rows = await db.$queryRaw<{ id: string | null }[]>`SELECT max(id)::text AS id FROM outbox_events WHERE "group" = ${group}`;
  return rows[0]?.id ?? '0';
}
