/** The write operations a model hook publishes for. */
export type HookedOperation = 'create' | 'update' | 'delete' | 'upsert';

/** The kinds of write a hook can publish on (an `upsert` is the one it turns out to be). */
export type PublishingOperation = Exclude<HookedOperation, 'upsert'>;

/** What a hook asks the outbox to publish for one write: an event to a group. */
export type HookMessage = { group: string; event: string; payload: Record<string, unknown> };

/**
 * A model-save hook (Channels' `post_save` receiver): which record to load
 * after a write, and which messages the write publishes.
 */
export type ModelHook<Row = unknown> = {
  /** Prisma model name, e.g. `LiveblogPost`. */
  readonly model: string;
  /** Primary key field, used to reload the written record (default `id`). */
  readonly idField: string;
  /** Prisma `select` for the record the hook sees (loaded in the write's transaction). */
  readonly select: Record<string, unknown>;
  /** An integer field incremented on every update (so readers can order copies of a record), or none. */
  readonly versionField: string | null;
  /** The record holds figures read from other rows (see ModelHookOptions.aggregates): it is read again under the groups' lock. */
  readonly aggregates: boolean;
  /** The kinds of write that publish; others pass through untouched (and their bulk forms are allowed). */
  readonly operations: ReadonlySet<PublishingOperation>;
  /** The messages a committed write publishes; `op` is the operation, `row` the record after it (before it, for `delete`). */
  readonly publish: (op: HookedOperation, row: Row) => HookMessage[];
};

/** Options of `defineModelHook`. */
export type ModelHookOptions<Row> = {
  select: Record<string, unknown>;
  publish: (op: HookedOperation, row: Row) => HookMessage[];
  /** Default `id`. */
  idField?: string;
  /** Default none. */
  versionField?: string;
  /**
   * The kinds of write that publish (default all three). A hook that publishes
   * on `update` only leaves creates and deletes alone, and allows their bulk
   * forms (`createMany`, `deleteMany`), which would otherwise be refused. An
   * `upsert` counts as the operation it turns out to be.
   */
  operations?: readonly PublishingOperation[];
  /**
   * Whether `select` reads other rows that writes to the same groups change:
   * a `_count`, a tally, a list of children (default true). Such a record is
   * read a second time after the outbox's lock of its groups, so the last
   * message of a group counts every write committed before it. A hook whose
   * record is its row and the rows it points to (`false`) is read once: the
   * write holds its row's lock, so nothing in it changes before the commit,
   * and the write costs one query less.
   */
  aggregates?: boolean;
};

/**
 * Declares a model-save hook: every create, update, upsert or delete of
 * `model` through the hooked client records `publish(op, row)` in the outbox,
 * in the write's own transaction; the outbox relay publishes it after commit.
 *
 * @example
 * const select = { id: true, title: true } as const;
 * export const noteHook = defineModelHook<Prisma.NoteGetPayload<{ select: typeof select }>>('Note', {
 *   select,
 *   publish: (op, note) => [{ group: 'notes', event: `note.${op}d`, payload: { note } }],
 * });
 */
export function defineModelHook<Row>(model: string, options: ModelHookOptions<Row>): ModelHook<Row> {
  if (!/^[A-Z]\w*$/.test(model)) throw new Error(`defineModelHook: "${model}" is not a Prisma model name (PascalCase, as in schema.prisma)`);
  return {
    model,
    idField: options.idField ?? 'id',
    select: options.select,
    versionField: options.versionField ?? null,
    aggregates: options.aggregates ?? true,
    operations: new Set(options.operations ?? ['create', 'update', 'delete']),
    publish: options.publish,
  };
}
