import fc from 'fast-check';
import type { Namespace } from '../server/protocol/events.ts';
import { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import type { Outcome } from './send-hostile.ts';
import { app } from '../server/features/index.ts';

/** A connection attempt with a forged or garbage handshake: `auth` (reply token, lastSeq, epoch) and session cookie. */
export type HostileHandshake = { namespace: Namespace; auth: Record<string, unknown>; cookie: string | undefined };

/**
 * Handshakes presenting forged reply tokens (`forgedTokens`: other clients'
 * channels, tampered signatures), garbage `lastSeq`/`epoch`, arbitrary auth
 * objects, and forged, tampered or expired session cookies (`cookies`).
 */
export function hostileHandshake(forgedTokens: fc.Arbitrary<string>, cookies: fc.Arbitrary<string>): fc.Arbitrary<HostileHandshake> {
  const anything = fc.anything({ maxDepth: 2, maxKeys: 4 });
  const auth = fc.oneof(
    fc.record({ reply: fc.oneof(forgedTokens, anything), lastSeq: fc.oneof(fc.integer(), anything), epoch: fc.oneof(fc.string(), anything) }, { requiredKeys: [] }),
    fc.object({ maxDepth: 2, maxKeys: 4 }),
  );
  return fc.record({ namespace: fc.constantFrom(...app.namespaces), auth, cookie: fc.option(cookies, { nil: undefined }) });
}

/** What a hostile handshake must not get: anyone else's reply channel or anyone's session. */
export type HandshakeGuard = { foreignReplyChannels: ReadonlySet<string> };

/**
 * Connects with a hostile handshake. The server must refuse it with
 * `connect_error` or accept it as an anonymous client on a fresh reply
 * channel; a foreign reply channel or a logged-in user is a leak
 * (verdict "misjudged"). Returns the connection, if any, for the caller to watch and close.
 */
export async function tryHandshake(
  url: string,
  handshake: HostileHandshake,
  guard: HandshakeGuard,
  timeoutMs: number,
): Promise<{ outcome: Outcome; client?: SocketCommunicator }> {
  const headers = handshake.cookie === undefined ? undefined : { cookie: handshake.cookie };
  const attempt = SocketCommunicator.connect(url, { namespace: handshake.namespace, auth: handshake.auth as never, headers });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const client = await Promise.race([attempt, timeout]).catch((error: Error) => error);
  clearTimeout(timer);
  if (client === 'timeout') {
    void attempt.then((late) => late.close(), () => undefined);
    return { outcome: { verdict: 'unanswered', answer: 'none', detail: 'neither connected nor refused' } };
  }
  if (client instanceof Error) {
    // socket.io-client's connect_error carries `data` from the server's middleware (or is "Invalid namespace"); anything else is the communicator giving up.
    if ('data' in client || client.message === 'Invalid namespace') return { outcome: { verdict: 'answered', answer: 'connect_error' } };
    return { outcome: { verdict: 'unanswered', answer: 'none', detail: client.message } };
  }
  if (guard.foreignReplyChannels.has(client.replyChannel)) {
    return { client, outcome: { verdict: 'misjudged', answer: 'connect', detail: `got another client's reply channel ${client.replyChannel}` } };
  }
  if (handshake.namespace === '/') {
    const described = await client.request<{ user: unknown }>('session.describe', {}).catch(() => undefined);
    if (!described?.ok) return { client, outcome: { verdict: 'unanswered', answer: 'none', detail: 'session.describe got no answer' } };
    if (described.data.user !== null) return { client, outcome: { verdict: 'misjudged', answer: 'connect', detail: 'a forged cookie logged in' } };
  }
  return { client, outcome: { verdict: 'answered', answer: 'connect' } };
}
