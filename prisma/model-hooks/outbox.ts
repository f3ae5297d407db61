import { inSpan } from '../../server/tracing/trace-context.ts';
import type { TraceCarrier } from '../../server/tracing/trace-context.ts';
import type { HookMessage } from './model-hook.ts';

/** The PostgreSQL notification channel the relay listens on. */
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
 * commit or rollback), in one sorted order to avoid deadlocks. Transactions
 * that write to one group then take outbox ids one after another and commit
 * in id order; whatever a transaction reads after it holds the lock includes
 * every earlier writer's committed rows (READ COMMITTED takes a new snapshot
 * per statement). Returns the groups now held.
 */
export async function lockGroups(tx: OutboxWriter, groups: Iterable<string>): Promise<Set<string>> {
  const held = new Set(groups);
  for (const group of [...held].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`switchyard.outbox:${group}`}, 0))::text`;
  }
  return held;
}

/** The groups messages go to. */
export const groupsOf = (messages: readonly HookMessage[]): string[] => [...new Set(messages.map((m) => m.group))];

/**
 * Records messages in the outbox inside the caller's transaction and wakes the
 * relay, in this order:
 *
 * 1. the lock of each group not in `held` (see `lockGroups`) — without it a
 *    later transaction could take a smaller id and commit after a reader's
 *    cursor passed it;
 * 2. the inserts, which take the ids (the messages' cursors);
 * 3. `pg_notify`, which PostgreSQL delivers only if the transaction commits.
 *
 * Returns the outbox ids, in message order. With `parent` (the trace of the
 * write, see `databaseInTrace`), recording is a span of that trace, and the
 * rows carry it to the relay's publish.
 */
export function recordOutbox(tx: OutboxWriter, messages: HookMessage[], held: ReadonlySet<string> = new Set(), parent?: TraceCarrier): Promise<bigint[]> {
  return inSpan('outbox.record', { attributes: { 'switchyard.messages': messages.length }, parent }, (_span, trace) => insertOutbox(tx, messages, held, trace));
}

async function insertOutbox(tx: OutboxWriter, messages: HookMessage[], held: ReadonlySet<string>, trace: TraceCarrier | undefined): Promise<bigint[]> {
  // The trace of the write rides in the row, so the relay's publish continues it (OUTBOX_TRACE_KEY).
  await lockGroups(
    tx,
    groupsOf(messages).filter((group) => !held.has(group)),
  );
  const ids: bigint[] = [];
  for (const message of messages) {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO outbox_events ("group", event, payload)
      VALUES (${message.group}, ${message.event}, ${JSON.stringify(trace ? { ...message.payload, [OUTBOX_TRACE_KEY]: trace } : message.payload)}::jsonb)
      RETURNING id`;
    ids.push(BigInt(rows[0]!.id));
  }
  if (messages.length > 0) await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')::text`;
  return ids;
}
