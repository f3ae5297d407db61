import { request } from 'node:http';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

/**
 * Clients that speak from a chosen loopback address. Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so binding a client's socket to
 * 127.0.0.66 makes the server see a peer at 127.0.0.66: the drill can be one
 * attacker and many legitimate visitors on one machine, each with its own
 * address, without trusting any X-Forwarded-For header.
 */

/** An HTTP answer: status, headers and the body parsed as JSON (or null). */
export type HttpAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

/** Sends one HTTP request from `address`. */
export function httpFrom(
  address: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', headers: init.headers, localAddress: address },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
        response.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${init.method ?? 'GET'} ${url} from ${address}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** How a socket's handshake ended: connected with its reply token, or refused with the server's error code. */
export type Handshake = { socket: Socket; token: string } | { refused: string };

/** Opens a Socket.IO connection to `namespace` from `address` and waits for `reply.assigned` or `connect_error`. */
export function socketFrom(address: string, url: string, namespace: string, auth: Record<string, unknown> = {}): Promise<Handshake> {
  const socket = io(`${url}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress: address, auth } as never);
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle({ refused: 'timeout' }), 20_000);
    const settle = (outcome: Handshake) => {
      clearTimeout(timer);
      if ('refused' in outcome) socket.close();
      resolve(outcome);
    };
    socket.once('reply.assigned', (assigned: { token: string }) => settle({ socket, token: assigned.token }));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => settle({ refused: error.data?.code ?? error.message }));
  });
}

/** Emits `event` with an ack and resolves with the ack (or a timeout error). */
export function ask<T = unknown>(socket: Socket, event: string, payload: unknown, timeoutMs = 15_000): Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }> {
  return socket
    .timeout(timeoutMs)
    .emitWithAck(event, payload)
    .catch(() => ({ ok: false, error: { code: 'timeout', message: `no answer to ${event} within ${timeoutMs} ms` } }));
}

/** Runs `task` for 0..count-1 with at most `concurrency` at once. */
export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(lanes);
}

/** Counts outcomes by name, e.g. `{ accepted: 3, rate_limited: 97 }`, printed as `accepted 3, rate_limited 97`. */
export function tally(): { add(outcome: string): void; get(outcome: string): number; toString(): string } {
  const counts = new Map<string, number>();
  return {
    add: (outcome) => void counts.set(outcome, (counts.get(outcome) ?? 0) + 1),
    get: (outcome) => counts.get(outcome) ?? 0,
    toString: () => [...counts].map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing',
  };
}
