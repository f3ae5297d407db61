import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * True when a request may read metrics: with METRICS_TOKEN set, a matching
 * `Authorization: Bearer` header; without it, only from this machine, so a
 * public deployment does not expose its internals by default.
 */
export function mayReadMetrics(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers `GET /metrics` in the Prometheus text format; returns false for other paths. */
export async function serveMetrics(registry: Registry, token: string | undefined, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (new URL(request.url ?? '/', 'http://local').pathname !== '/metrics') return false;
  if (!mayReadMetrics(request, token)) {
    response.writeHead(403, { 'content-type': 'text/plain' });
    response.end('metrics are readable from this machine, or with METRICS_TOKEN\n');
    return true;
  }
  response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  response.end(await registry.metrics());
  return true;
}
