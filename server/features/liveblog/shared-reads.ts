/**
 * Wraps `read` so that calls with the same key share reads, none answered by
 * a read that started before it was called: the first call of a key reads at
 * once; calls made while that read runs wait for the next, which starts as
 * it ends and answers all of them. At most one read per key runs at a time,
 * so N calls at once cost two reads, not N; a call still never sees data
 * older than itself. Beyond `maxKeys` keys in flight a call reads alone.
 * A failed read fails the calls it answers.
 *
 * @example const follow = sharedReads(({ slug, after }) => catchUp(db, slug, after), ({ slug, after }) => `${slug} ${after}`, 10_000);
 */
export function sharedReads<A, V>(read: (args: A) => Promise<V>, keyOf: (args: A) => string, maxKeys: number): (args: A) => Promise<V> {
  type Waiter = { resolve: (value: V) => void; reject: (error: unknown) => void };
  const batches = new Map<string, { running: boolean; waiting: Waiter[] }>();

  const run = (key: string, args: A) => {
    const batch = batches.get(key);
    if (!batch) return;
    if (batch.waiting.length === 0) return void batches.delete(key);
    const waiting = batch.waiting.splice(0);
    batch.running = true;
    read(args)
      .then(
        (value) => waiting.forEach((w) => w.resolve(value)),
        (error: unknown) => waiting.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        batch.running = false;
        run(key, args);
      });
  };

  return (args) => {
    const key = keyOf(args);
    let batch = batches.get(key);
    if (!batch) {
      if (batches.size >= maxKeys) return read(args);
      batch = { running: false, waiting: [] };
      batches.set(key, batch);
    }
    const { waiting, running } = batch;
    const answer = new Promise<V>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!running) run(key, args);
    return answer;
  };
}
