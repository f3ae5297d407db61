import { inSpan } from '../../server/tracing/trace-context.ts';
import type { TraceCarrier } from '../../server/tracing/trace-context.ts';
import type { HookMessage } from './model-hook.ts';

/** The PostgreSQL notification channel the relay listens on (`switchyard_outbox_record`, in the migrations, notifies it by this name). */
export const OUTBOX_CHANNEL = 'switchyard_outbox';

/**
 * The payload key of a row's trace context (W3C `traceparent`), present only
 * while tracing is on. The relay takes it out before publishing: clients never get it.
 */
export const OUTBOX_TRACE_KEY = '_trace';

/** The part of a (transaction) client the outbox needs. */
export type OutboxWriter = {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
};

/**
 * Takes the outbox's lock of each group (`pg_advisory_xact_lock`, held until
 * commit or rollback) in one statement, in the order every caller uses (the
 * migration's `switchyard_outbox_lock`), to avoid deadlocks. Transactions
 * that write to one group then take outbox ids one after another and commit
 * in id order; whatever a transaction reads after it holds the lock includes
 * every earlier writer's committed rows (READ COMMITTED takes a new snapshot
 * per statement).
 */
export async function lockGroups(tx: OutboxWriter, groups: readonly string[]): Promise<void> {
  if (groups.length > 0) await tx.$executeRaw`SELECT switchyard_outbox_lock(${groups}::text[])::text`;
}

/** The groups messages go to. */
export const groupsOf = (messages: readonly HookMessage[]): string[] => [...new Set(messages.map((m) => m.group))];

/**
 * Records messages in the outbox inside the caller's transaction and wakes the
 * relay, in one statement (the migration's `switchyard_outbox_record`):
 *
 * 1. the lock of each group (see `lockGroups`; a group locked already by this
 *    transaction costs nothing) — without it a later transaction could take a
 *    smaller id and commit after a reader's cursor passed it;
 * 2. the inserts, which take the ids (the messages' cursors);
 * 3. `pg_notify`, which PostgreSQL delivers only if the transaction commits.
 *
 * Returns the outbox ids, in message order. With `parent` (the trace of the
 * write, see `databaseInTrace`), recording is a span of that trace, and the
 * rows carry it to the relay's publish.
 */
export function recordOutbox(tx: OutboxWriter, messages: HookMessage[], parent?: TraceCarrier): Promise<bigint[]> {
  return inSpan('outbox.record', { attributes: { 'switchyard.messages': messages.length }, parent }, (_span, trace) => insertOutbox(tx, messages, trace));
}

async function insertOutbox(tx: OutboxWriter, messages: HookMessage[], trace: TraceCarrier | undefined): Promise<bigint[]> {
  if (messages.length === 0) return [];
  // The trace of the write rides in the row, so the relay's publish continues it (OUTBOX_TRACE_KEY).
  const payloads = messages.map((message) => JSON.stringify(trace ? { ...message.payload, [OUTBOX_TRACE_KEY]: trace } : message.payload));
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM switchyard_outbox_record(${messages.map((m) => m.group)}::text[], ${messages.map((m) => m.event)}::text[], ${payloads}::jsonb[]) AS id`;
  return rows.map((row) => BigInt(row.id));
}
