/**
 * Where the client reports problems nobody awaited (a listener that threw,
 * a refused connection, a rejected event without an ack). Pass your own to
 * `createRealtimeClient({ log })` to send them to an error tracker.
 */
export type ClientLog = {
  /** Something went wrong that the client recovers from (a retry, a refused event). */
  warn(message: string, detail?: unknown): void;
  /** Something went wrong that the app should fix (a listener threw, the server refused the connection for good). */
  error(message: string, detail?: unknown): void;
};

/**
 * The default: the JavaScript console, the place a browser's (or Node's)
 * developer looks. The only console use of the client: ESLint's `no-console`
 * allows this module alone (eslint.config.js).
 */
export const consoleLog: ClientLog = {
  warn: (message, detail) => (detail === undefined ? console.warn(`[switchyard] ${message}`) : console.warn(`[switchyard] ${message}`, detail)),
  error: (message, detail) => (detail === undefined ? console.error(`[switchyard] ${message}`) : console.error(`[switchyard] ${message}`, detail)),
};
