import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Database } from '../../prisma/client.ts';

const run = promisify(execFile);

/**
 * Writes out what the uploads before a timed phase left in memory: a
 * PostgreSQL checkpoint (dirty buffers to the files), then `sync` (the
 * kernel's dirty pages to disk). Otherwise the kernel's writeback threads
 * and PostgreSQL's checkpointer spend a fifth of a core during the next
 * phase, which a saturated phase cannot absorb and an unsaturated one can.
 * CHECKPOINT needs a superuser or pg_checkpoint: without, only `sync` runs.
 */
export async function flushWrites(db: Database): Promise<void> {
  await db.$executeRawUnsafe('CHECKPOINT').catch((error: Error) => process.stderr.write(`[bench] no CHECKPOINT: ${error.message}\n`));
  await run('sync');
}
