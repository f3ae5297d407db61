/** How `markedReads` reads, keys, validates and bounds what it keeps. */
export type MarkedReadsOptions<A, V> = {
  /** The read (the database), called when memory has no current answer. */
  read: (args: A) => Promise<V>;
  /** Calls with the same key get the same answer. */
  keyOf: (args: A) => string;
  /** The groups whose changes the answer depends on: every change to it is published to one of them through the outbox. */
  groupsOf: (args: A) => readonly string[];
  /** The groups' current change marks (`ChannelLayer.changeMarks`); null for a group without one (nothing is then kept). */
  marks: (groups: readonly string[]) => Promise<readonly (string | null)[]>;
  /** Whether an answer may be kept (default: every one), e.g. not "not found" when a creation marks nothing. */
  keeps?: (value: V) => boolean;
  /** What an answer counts toward `maxWeight` (default 1). */
  weightOf?: (value: V) => number;
  /** Most weight kept at once; the oldest answers go first. An answer heavier than this is not kept. */
  maxWeight: number;
};

/**
 * Answers a read from memory while the groups it depends on have had no
 * change marked since the answer's read began. A call reads the groups'
 * marks first (one Redis round trip), then answers from memory when the
 * answer kept for its key was read under the same marks; otherwise it reads
 * and keeps the answer with the marks it read before. Why that is exact for a
 * caller that joined the groups before calling: a change that committed
 * before the kept read began is in it; one that committed later was marked
 * later (the outbox relay marks before it publishes), so either the marks
 * differ now and the call reads again, or its mark, and so its publish, comes
 * after this call's marks read, after the join: the caller gets it live.
 * Marks that cannot be read (Redis down) or are null mean a read. Callers must
 * not change an answer: later calls get the same object.
 *
 * @example const follow = markedReads({ read, keyOf, groupsOf: ({ slug }) => [liveblogGroup(slug)], marks: (groups) => layer.changeMarks(groups), maxWeight: 1_000 });
 */
export function markedReads<A, V>(options: MarkedReadsOptions<A, V>): (args: A) => Promise<V> {
  const { read, keyOf, groupsOf, marks, keeps = () => true, weightOf = () => 1, maxWeight } = options;
  const kept = new Map<string, { marks: readonly string[]; value: V; weight: number }>();
  let weight = 0;

  const forget = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    weight -= entry.weight;
  };
  const keep = (key: string, under: readonly string[], value: V) => {
    forget(key);
    const entryWeight = weightOf(value);
    if (entryWeight > maxWeight) return;
    for (const oldest of kept.keys()) {
      if (weight + entryWeight <= maxWeight) break;
      forget(oldest);
    }
    kept.set(key, { marks: under, value, weight: entryWeight });
    weight += entryWeight;
  };

  return async (args) => {
    const key = keyOf(args);
    const current = await marks(groupsOf(args)).catch(() => null);
    const known = current?.every((mark) => mark !== null) ? current : null;
    const entry = kept.get(key);
    if (entry && known && entry.marks.every((mark, i) => mark === known[i])) return entry.value;
    const value = await read(args);
    if (known && keeps(value)) keep(key, known, value);
    else forget(key);
    return value;
  };
}
