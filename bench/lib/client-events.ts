/** What a benchmark client reports to its generator. */
export type ClientEvents = {
  connected(): void;
  /** The connection attempt failed (called at most once, instead of `connected`). */
  failed(error: Error): void;
  /** A connected client lost its connection. */
  disconnected(): void;
  announcement(payload: { text?: unknown } | undefined): void;
};
