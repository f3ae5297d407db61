import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Who may read /metrics: holders of METRICS_TOKEN, and loopback clients only when no proxy is trusted. */
export type MetricsAccess = {
  /** METRICS_TOKEN: a matching `Authorization: Bearer` header may read. */
  token: string | undefined;
  /** TRUST_PROXY: with a reverse proxy in front, loopback means nothing (see mayReadMetrics). */
  trustedProxies: number;
};

/**
 * True when a request may read metrics: with METRICS_TOKEN set, a matching
 * `Authorization: Bearer` header; without it, only a client on this machine,
 * so a public deployment does not expose its internals by default — and only
 * when no reverse proxy is trusted (TRUST_PROXY=0): a proxy on the same
 * machine (nginx of `start:cluster`) connects from loopback for every client
 * on the internet, so behind one the token is required.
 */
export function mayReadMetrics(request: IncomingMessage, access: MetricsAccess): boolean {
  if (!access.token) return access.trustedProxies === 0 && LOOPBACK.has(request.socket.remoteAddress ?? '');
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${access.token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers `GET /metrics` in the Prometheus text format; returns false for other paths. */
export async function serveMetrics(registry: Registry, access: MetricsAccess, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (new URL(request.url ?? '/', 'http://local').pathname !== '/metrics') return false;
  if (!mayReadMetrics(request, access)) {
    response.writeHead(403, { 'content-type': 'text/plain' });
    response.end(refusal(access));
    return true;
  }
  response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  response.end(await registry.metrics());
  return true;
}

function refusal(access: MetricsAccess): string {
  if (access.token) return 'send Authorization: Bearer <METRICS_TOKEN> to read metrics\n';
  if (access.trustedProxies > 0) return 'behind a reverse proxy (TRUST_PROXY ≥ 1) every client looks local: set METRICS_TOKEN and send it as a bearer token\n';
  return 'metrics are readable from this machine, or with METRICS_TOKEN\n';
}
