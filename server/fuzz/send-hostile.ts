import { z } from 'zod';
import { wireErrorSchema } from '../protocol/errors.ts';
import { systemServerEvents } from '../protocol/events.ts';
import type { Namespace } from '../protocol/events.ts';
import type { SocketCommunicator } from '../testing/socket-communicator.ts';
import type { HostileEvent } from './hostile-events.ts';
import { wireData } from './hostile-events.ts';
import { clientEventSpec, expectedRejection } from './rejection-oracle.ts';

/**
 * How the server dealt with one hostile event. "answered" is what the
 * protocol promises; every other verdict is a finding:
 * - unanswered: no ack, no `event.rejected`, no `connect_error` in time;
 * - malformed: an answer that is not `{ ok, data }` / `{ ok: false, error: { code, message } }`, or data not matching the reply schema;
 * - internal: the server failed (`internal`): a bug it logged;
 * - misjudged: accepted what the protocol refuses, or refused it with another code.
 */
export type Verdict = 'answered' | 'unanswered' | 'malformed' | 'internal' | 'misjudged';

/** The verdict on one event, the answer it got (`ok` or an error code) and, for findings, what was wrong. */
export type Outcome = { verdict: Verdict; answer: string; detail?: string };

const ackSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: wireErrorSchema }).strict(),
]);
// event.rejected carries the same error as an ack would.
const rejectedSchema = systemServerEvents['event.rejected'].extend({ error: wireErrorSchema.strict() }).strict();

/**
 * Sends one hostile event on `client` (connected to `namespace`) and judges
 * the answer against the oracle. An event the oracle finds well-formed is
 * always sent with an ack, since success without one is silent.
 */
export async function sendHostile(
  client: SocketCommunicator,
  namespace: Namespace,
  event: HostileEvent,
  { maxMessageBytes, timeoutMs }: { maxMessageBytes: number; timeoutMs: number },
): Promise<Outcome> {
  if (event.kind === 'unknown-namespace') return connectUnknown(client, event.data[0] as string, timeoutMs);
  const data = wireData(event);
  const expected = expectedRejection(namespace, data, maxMessageBytes);
  const accepts = (code: string) => (event.kind === 'deep' ? ['invalid_input', 'payload_too_large'].includes(code) : code === expected);
  if (!event.ack && expected !== null) {
    if (event.raw === undefined) client.emit(...(event.data as [string, ...unknown[]]));
    else client.emitRaw(event.raw);
    const rejected = await client.receive('event.rejected', timeoutMs).catch(() => undefined);
    if (rejected === undefined) return { verdict: 'unanswered', answer: 'none', detail: `no event.rejected (expected ${expected})` };
    const parsed = rejectedSchema.safeParse(rejected);
    const name = typeof data[0] === 'string' ? data[0].slice(0, 100) : typeof data[0];
    if (!parsed.success || parsed.data.event !== name) return { verdict: 'malformed', answer: 'event.rejected', detail: JSON.stringify(rejected).slice(0, 300) };
    return judgeError(parsed.data.error.code, accepts, expected);
  }
  const reply = await (event.raw === undefined
    ? client.socket.timeout(timeoutMs).emitWithAck(...(event.data as [string, ...unknown[]]))
    : client.requestRaw(event.raw, timeoutMs)
  ).catch(() => undefined);
  if (reply === undefined) return { verdict: 'unanswered', answer: 'none', detail: `no ack (expected ${expected ?? 'a handler answer'})` };
  const parsed = ackSchema.safeParse(reply);
  if (!parsed.success) return { verdict: 'malformed', answer: 'ack', detail: JSON.stringify(reply).slice(0, 300) };
  if (!parsed.data.ok) return judgeError(parsed.data.error.code, accepts, expected);
  if (expected !== null) return { verdict: 'misjudged', answer: 'ok', detail: `accepted; the protocol says ${expected}` };
  const replySchema = clientEventSpec(namespace, data[0])?.reply;
  if (!replySchema?.safeParse(parsed.data.data).success) return { verdict: 'malformed', answer: 'ok', detail: 'ack data does not match the reply schema' };
  return { verdict: 'answered', answer: 'ok' };
}

function judgeError(code: string, accepts: (code: string) => boolean, expected: string | null): Outcome {
  if (code === 'internal') return { verdict: 'internal', answer: code };
  if (expected !== null && !accepts(code)) return { verdict: 'misjudged', answer: code, detail: `expected ${expected}` };
  return { verdict: 'answered', answer: code };
}

/** Opens `namespace` on the client's connection: the server must refuse it with connect_error "Invalid namespace". */
function connectUnknown(client: SocketCommunicator, namespace: string, timeoutMs: number): Promise<Outcome> {
  const socket = client.socket.io.socket(namespace);
  if (!socket.active) socket.connect();
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.off('connect', onConnect).off('connect_error', onError).disconnect();
      resolve(outcome);
    };
    const onConnect = () => done({ verdict: 'misjudged', answer: 'connect', detail: `namespace ${namespace} accepted a connection` });
    const onError = (error: Error) =>
      done(error.message === 'Invalid namespace' ? { verdict: 'answered', answer: 'connect_error' } : { verdict: 'malformed', answer: 'connect_error', detail: error.message });
    const timer = setTimeout(() => done({ verdict: 'unanswered', answer: 'none', detail: `no connect_error for ${namespace}` }), timeoutMs);
    socket.once('connect', onConnect).once('connect_error', onError);
  });
}
