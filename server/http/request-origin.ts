import type { IncomingMessage } from 'node:http';

/** The scheme and host a client addressed, as far as this server can believe it. */
export type RequestOrigin = { protocol: 'http' | 'https'; host: string | undefined };

/**
 * The scheme and host the client asked for. The TCP socket (TLS or not) and
 * the Host header are the server's own view; `X-Forwarded-Proto` and
 * `X-Forwarded-Host` replace them only behind a trusted reverse proxy
 * (`trustedProxies` ≥ 1, TRUST_PROXY), which must set them (deploy/nginx.conf.template
 * does). Without one, those headers were written by the client and mean
 * nothing. Of a list, the first (client-facing) entry counts; a scheme other
 * than http or https is ignored.
 *
 * @example requestOrigin(request, 1) // { protocol: 'https', host: 'app.example' } behind nginx with TLS
 */
export function requestOrigin(request: IncomingMessage, trustedProxies: number): RequestOrigin {
  const tls = 'encrypted' in request.socket && request.socket.encrypted === true;
  const own: RequestOrigin = { protocol: tls ? 'https' : 'http', host: request.headers.host };
  if (trustedProxies === 0) return own;
  const proto = firstEntry(request.headers['x-forwarded-proto'])?.toLowerCase();
  return {
    protocol: proto === 'https' || proto === 'http' ? proto : own.protocol,
    host: firstEntry(request.headers['x-forwarded-host']) ?? own.host,
  };
}

function firstEntry(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}
