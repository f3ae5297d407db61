import type pg from 'pg';

/** What a sweep deleted: rows, and the DELETE statements it took. */
export type SweepCount = { deleted: number; batches: number };

/**
 * Runs `sql`, a DELETE of at most one batch of rows (its own `LIMIT`), until
 * a run deletes nothing: each statement holds its locks for one batch only,
 * never for the whole backlog. `sql` must report the rows it deleted as its
 * row count (a CTE that deletes more reports through its main statement).
 * An aborted `signal` stops it between batches.
 */
export async function deleteInBatches(pool: pg.Pool, sql: string, params: unknown[], signal?: AbortSignal): Promise<SweepCount> {
  const count: SweepCount = { deleted: 0, batches: 0 };
  for (;;) {
    signal?.throwIfAborted();
    const { rowCount } = await pool.query(sql, params);
    count.batches += 1;
    if (!rowCount) return count;
    count.deleted += rowCount;
  }
}
