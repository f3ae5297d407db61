/**
 * How a query extension reaches the interactive transaction its query runs in.
 *
 * Prisma 6 passes query-extension callbacks an undocumented `__internalParams`
 * whose `transaction` is `{ kind: 'itx', id }` inside `$transaction(async (tx) => ...)`
 * and `{ kind: 'batch' }` inside `$transaction([...])`; `_createItxClient`
 * (also internal) gives a client bound to that transaction. Both are confined
 * to this module, and model-hooks.test.ts pins the behaviour ("a rollback
 * publishes nothing"), so a Prisma upgrade that changes them fails a test
 * instead of silently publishing outside the transaction.
 */
export type TransactionHandle = { kind: 'itx'; id: string } | { kind: 'batch' };

type InternalParams = { transaction?: TransactionHandle } | undefined;
type ItxFactory = { _createItxClient?: (transaction: TransactionHandle) => unknown };

/** The transaction a query-extension call runs in, if any. */
export function transactionOf(internalParams: unknown): TransactionHandle | undefined {
  return (internalParams as InternalParams)?.transaction;
}

/** A client of `base` (the un-hooked client) bound to the interactive transaction `transaction`. */
export function itxClient<C>(base: C, transaction: TransactionHandle): C {
  if (transaction.kind !== 'itx') {
    throw new Error(
      'a hooked model cannot be written in a batch $transaction([...]); use an interactive $transaction(async (tx) => ...) so the outbox row joins it',
    );
  }
  const factory = (base as ItxFactory)._createItxClient;
  if (typeof factory !== 'function') {
    throw new Error('this Prisma version has no _createItxClient: prisma/hooks/transaction-client.ts needs updating for it');
  }
  return factory.call(base, transaction) as C;
}
