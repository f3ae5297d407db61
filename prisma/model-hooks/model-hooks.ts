import { Prisma } from '../generated/client.ts';
import type { HookedOperation, ModelHook, PublishingOperation } from './model-hook.ts';
import { groupsOf, lockGroups, recordOutbox } from './outbox.ts';
import type { OutboxWriter } from './outbox.ts';
import { itxClient, transactionOf } from './transaction-client.ts';
import type { TraceCarrier } from '../../server/tracing/trace-context.ts';

const HOOKED = new Set<string>(['create', 'update', 'delete', 'upsert']);
// Bulk writes, by the operation they would have to publish as.
const REFUSED = new Map<string, PublishingOperation>([
  ['createMany', 'create'],
  ['createManyAndReturn', 'create'],
  ['updateMany', 'update'],
  ['updateManyAndReturn', 'update'],
  ['deleteMany', 'delete'],
]);

type Delegate = Record<string, (args: unknown) => Promise<Record<string, unknown> | null>>;
type TxClient = OutboxWriter & Record<string, unknown>;
type Base = TxClient & { $transaction<T>(fn: (tx: TxClient) => Promise<T>): Promise<T> };
type Args = Record<string, unknown> & { select?: Record<string, unknown>; where?: Record<string, unknown> };

const delegateName = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);

/**
 * The model-hooks client extension: a write of a hooked model runs in a
 * transaction together with its outbox rows — the caller's interactive
 * transaction when there is one, a new one otherwise — so the messages exist
 * if and only if the write committed. Bulk writes of hooked models are
 * refused (they return no records to publish). With `trace`, the outbox
 * rows are recorded in that trace (prisma/client.ts: `databaseInTrace`).
 *
 * @example
 * const db = new PrismaClient({ adapter }).$extends(modelHooks([liveblogPostHook]));
 * await db.liveblogPost.create({ data }); // committed, then published by the relay
 */
export function modelHooks(hooks: readonly ModelHook<never>[], trace?: TraceCarrier) {
  const byModel = new Map<string, ModelHook<never>>(hooks.map((hook) => [hook.model, hook]));
  return Prisma.defineExtension((client) => {
    const base = client as unknown as Base;
    return client.$extends({
      name: 'switchyard-model-hooks',
      query: {
        $allModels: {
          async $allOperations(params) {
            const { model, operation, args, query } = params;
            const hook = byModel.get(model);
            if (!hook || !publishes(hook, operation)) return query(args);
            if (REFUSED.has(operation)) {
              throw new Error(`${model}.${operation} would write without publishing; ${model} has a model hook, so write one record at a time`);
            }
            const transaction = transactionOf((params as { __internalParams?: unknown }).__internalParams);
            const write = (tx: TxClient) => hookedWrite(tx, hook, operation as HookedOperation, args as Args, trace);
            return transaction ? write(itxClient(base, transaction)) : base.$transaction(write);
          },
        },
      },
    });
  });
}

/** Whether a write of this kind may publish (for a bulk write: would have to). */
function publishes(hook: ModelHook<never>, operation: string): boolean {
  const bulk = REFUSED.get(operation);
  if (bulk) return hook.operations.has(bulk);
  if (operation === 'upsert') return hook.operations.has('create') || hook.operations.has('update');
  return HOOKED.has(operation) && hook.operations.has(operation as PublishingOperation);
}

/**
 * One hooked write: the write, then the record the hook sees — read after the
 * outbox's lock of the groups it publishes to, so an aggregate in it (a count,
 * a tally) includes every earlier write to those groups (a hook without
 * aggregates: the read that named the groups) — then its messages.
 * A delete's record is the row as it was just before the delete, read under
 * the lock.
 */
async function hookedWrite(tx: TxClient, hook: ModelHook<never>, op: HookedOperation, userArgs: Args, trace: TraceCarrier | undefined): Promise<unknown> {
  const delegate = tx[delegateName(hook.model)] as Delegate;
  const id = hook.idField;
  const args: Args = { ...userArgs };
  const addedId = Boolean(args.select) && !args.select?.[id];
  if (addedId) args.select = { ...args.select, [id]: true };
  // The first read names the groups; for a record with aggregates the second, under their lock, is the one published.
  // A created or updated record without aggregates needs the lock only before its outbox rows, whose statement takes it;
  // a delete takes it before the row is gone.
  const readUnderLock = async (where: unknown, effective: PublishingOperation) => {
    const read = () => delegate.findUniqueOrThrow!({ where, select: hook.select }) as Promise<Record<string, unknown>>;
    const first = await read();
    if (!hook.aggregates && effective !== 'delete') return first;
    await lockGroups(tx, groupsOf(hook.publish(effective, first as never)));
    return hook.aggregates ? await read() : first;
  };

  const before = op === 'delete' ? await readUnderLock(args.where, 'delete') : null;
  const existed = op === 'upsert' && (await delegate.findUnique!({ where: args.where, select: { [id]: true } })) !== null;
  if (hook.versionField && (op === 'update' || op === 'upsert')) bumpVersion(args, op, hook.versionField);

  const result = (await delegate[op]!(args)) as Record<string, unknown>;
  const effective = (op === 'upsert' ? (existed ? 'update' : 'create') : op) as PublishingOperation;
  if (hook.operations.has(effective)) {
    const row = before ?? (await readUnderLock({ [id]: result[id] }, effective));
    await recordOutbox(tx, hook.publish(effective, row as never), trace);
  }
  if (addedId) delete result[id];
  return result;
}

/** Increments the version field unless the caller sets it. */
function bumpVersion(args: Args, op: 'update' | 'upsert', field: string): void {
  const key = op === 'update' ? 'data' : 'update';
  const data = (args[key] ?? {}) as Record<string, unknown>;
  if (!(field in data)) args[key] = { ...data, [field]: { increment: 1 } };
}
