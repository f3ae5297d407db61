import fc from 'fast-check';
import type { SocketCommunicator } from '../server/testing/socket-communicator.ts';
import type { Outcome } from './send-hostile.ts';

/** Largest frame the server accepts (Socket.IO's maxHttpBufferSize for a given MAX_MESSAGE_BYTES). */
export const maxFrameBytes = (maxMessageBytes: number) => Math.max(1_000_000, 2 * maxMessageBytes);

// Socket.IO packets a conforming client never writes: unknown types, broken JSON, reserved event names,
// binary packets whose attachments never come, acks nobody asked for, packets for namespaces not joined.
const CRAFTED = [
  '9',
  '2',
  '2[',
  '2{}',
  '2[]',
  '2[null]',
  '2["disconnect"]',
  '2["connect",{}]',
  '2["newListener",{}]',
  '21e5["connection.ping",{"sentAt":1}]',
  '2-1["connection.ping",{"sentAt":1}]',
  '51-["x",{"_placeholder":true,"num":0}]',
  '5999-["x"]',
  '5a-["x"]',
  '3999[]',
  '3["x"]',
  '0{}',
  '0/chat,{"reply":{"$gt":""}}',
  '1',
  '4{"message":"x"}',
  '2/nope,["connection.ping",{}]',
];

/**
 * Frames that break the Socket.IO protocol itself: crafted packets, random
 * text, and one frame past the size limit.
 */
export function hostileFrame(maxMessageBytes: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...CRAFTED) },
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.string({ unit: 'binary', maxLength: 60 })).map(([type, rest]) => `${type}${rest}`) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(maxFrameBytes(maxMessageBytes) + 1)) },
  );
}

/**
 * Writes a frame on a connection of its own (namespace "/"). Docs/protocol.md:
 * a protocol violation closes that transport. So the frame is answered when
 * the server closes the connection, or ignores the frame and still answers a
 * ping; a connection left hanging is a finding.
 */
export async function sendFrame(client: SocketCommunicator, frame: string, timeoutMs: number): Promise<Outcome> {
  const closed = new Promise<Outcome>((resolve) => client.socket.once('disconnect', () => resolve({ verdict: 'answered', answer: 'closed' })));
  client.socket.io.engine.write(frame);
  const alive = client
    .request('connection.ping', { sentAt: 1 })
    .then((answer): Outcome => (answer.ok ? { verdict: 'answered', answer: 'alive' } : { verdict: 'malformed', answer: 'ack', detail: JSON.stringify(answer) }))
    .catch((): Outcome => ({ verdict: 'unanswered', answer: 'none', detail: 'neither closed nor answering' }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ verdict: 'unanswered', answer: 'none', detail: 'hung' }), timeoutMs)));
  const outcome = await Promise.race([closed, alive.then((o) => (o.verdict === 'unanswered' ? closed : o)), timeout]);
  clearTimeout(timer);
  client.close();
  return outcome;
}
