/**
 * Keeps the `k` most frequent of the keys offered to it, most frequent first.
 * Ties keep the key offered first, so offering in a meaningful order (sorted
 * values, first appearance) makes the result deterministic. Offering is O(1)
 * for keys that do not make the cut, which is nearly all of them on large data.
 */
export class TopK<K> {
  private readonly keys: K[] = [];
  private readonly counts: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether a key seen `count` times would enter the top; lets callers skip building the key. */
  admits(count: number): boolean {
    return this.counts.length < this.k || count > this.counts[this.counts.length - 1]!;
  }

  /** Offers `key`, seen `count` times. */
  offer(key: K, count: number): void {
    if (!this.admits(count)) return;
    let at = this.counts.length;
    while (at > 0 && this.counts[at - 1]! < count) at--;
    this.keys.splice(at, 0, key);
    this.counts.splice(at, 0, count);
    if (this.keys.length > this.k) {
      this.keys.pop();
      this.counts.pop();
    }
  }

  /** The kept keys with their counts, most frequent first. */
  entries(): { key: K; count: number }[] {
    return this.keys.map((key, i) => ({ key, count: this.counts[i]! }));
  }
}
