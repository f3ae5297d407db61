/**
 * Polls `probe` until it returns something other than undefined, and resolves
 * with that; rejects once `timeoutMs` have passed, saying what was awaited and
 * the last thing the probe reported (its `last` note or its error).
 *
 * @example
 * await waitFor('server healthy', 30_000, async (note) => {
 *   const response = await fetch(`${url}/healthz`);
 *   note(`HTTP ${response.status}`);
 *   return response.ok || undefined;
 * });
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: (note: (last: string) => void) => Promise<T | undefined> | T | undefined,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  const note = (text: string) => (last = text);
  for (;;) {
    try {
      const value = await probe(note);
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
