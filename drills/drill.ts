/**
 * A failure drill: starts real processes, breaks something the way production
 * breaks (kill -9, a service restart, a client that stops reading), and
 * counts what the clients lost, got twice, and which processes that should
 * have survived did not. `npm run drills` runs them all (run-drills.ts).
 */

/** What a drill counts; it passes when all three are 0 and it threw nothing. */
export type DrillOutcome = {
  lost: number;
  duplicated: number;
  crashed: number;
  /** Figures worth printing under the summary line (reconnects, bytes, ...). */
  notes: string[];
};

/** What a drill gets from the runner. */
export type DrillScope = {
  /** Registers teardown; the runner runs every registered function, last first, whether the drill passed or not. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
  /** Counts `exited` settling before the drill is over as a crash of `name`; returns a function that expects the exit after all. */
  watch(name: string, exited: Promise<unknown>): () => void;
  /** Processes watched so far that exited. */
  crashed(): string[];
  /** Progress on stderr (stdout is for the summary lines). */
  log(line: string): void;
};

/** A drill: a kebab-case name (its summary line) and its run. */
export type Drill = { name: string; run(scope: DrillScope): Promise<DrillOutcome> };

/** Throws with `message` unless `condition` holds: for what a drill must see besides its counts. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
