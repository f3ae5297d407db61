import type { IncomingMessage, ServerResponse } from 'node:http';
import { within } from '../health.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** Options of `gatePages`. */
export type DatabaseGateOptions = {
  /** Resolves when PostgreSQL answers. */
  ping: () => Promise<unknown>;
  /** How long a ping's answer is believed. Default 1000 ms. */
  intervalMs?: number;
  /** How long a ping may take before PostgreSQL counts as down. Default 1000 ms. */
  timeoutMs?: number;
};

/** Built assets and icons never touch the database. */
const STATIC = /^\/(_next\/static\/|favicon\.ico|icon\.svg)/;

/**
 * Wraps the pages' handler so that, while PostgreSQL does not answer, a page
 * request gets a plain 503 saying so (with Retry-After) instead of the 500 a
 * page would fail with. PostgreSQL is pinged at most once per `intervalMs`,
 * shared by every request meanwhile; static assets pass straight through.
 */
export function gatePages(pages: Handler, options: DatabaseGateOptions): Handler {
  const intervalMs = options.intervalMs ?? 1000;
  let checked: { at: number; up: Promise<boolean> } | undefined;
  const up = () => {
    if (!checked || Date.now() - checked.at >= intervalMs) {
      const answer = within(options.ping(), options.timeoutMs ?? 1000).then(
        () => true,
        () => false,
      );
      checked = { at: Date.now(), up: answer };
    }
    return checked.up;
  };
  return async (request, response) => {
    if (STATIC.test(request.url ?? '/') || (await up())) return pages(request, response);
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' });
    response.end('Temporarily unavailable: PostgreSQL is not reachable right now; retry shortly.\n');
  };
}
