import type { HookMessage } from './model-hook.ts';

/** The PostgreSQL notification channel the relay listens on. */
export const OUTBOX_CHANNEL = 'switchyard_outbox';

/** The part of a (transaction) client the outbox needs. */
export type OutboxWriter = {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
};

/**
 * Records messages in the outbox inside the caller's transaction and wakes the
 * relay. Three statements per group, in this order:
 *
 * 1. `pg_advisory_xact_lock` on the group: held until commit or rollback, so
 *    transactions writing to one group take outbox ids one after another and
 *    commit in id order. (Without it a later transaction could take a smaller
 *    id and commit after a reader's cursor passed it.)
 * 2. the insert, which takes the id (the message's cursor);
 * 3. `pg_notify`, which PostgreSQL delivers only if the transaction commits.
 *
 * Returns the outbox ids, in message order.
 */
export async function recordOutbox(tx: OutboxWriter, messages: HookMessage[]): Promise<bigint[]> {
  const groups = [...new Set(messages.map((m) => m.group))].sort(); // one lock order, fewer deadlocks
  for (const group of groups) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`switchyard.outbox:${group}`}, 0))::text`;
  }
  const ids: bigint[] = [];
  for (const message of messages) {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO outbox_events ("group", event, payload)
      VALUES (${message.group}, ${message.event}, ${JSON.stringify(message.payload)}::jsonb)
      RETURNING id`;
    ids.push(BigInt(rows[0]!.id));
  }
  if (messages.length > 0) await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')::text`;
  return ids;
}
