import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Database } from '../../prisma/client.ts';
import { waitFor } from '../../server/testing/wait-for.ts';
import { ask, socketFrom } from './addressed-client.ts';

/** Where the legitimate visitors connect from: none of them is an attacker's address. */
export const LEGIT_ADDRESSES = { reader: '127.0.0.10', sender: '127.0.0.11', listener: '127.0.0.12' } as const;

/** One delivery a legitimate visitor waited for: when it was sent and how long it took (ms). */
export type Delivery = { kind: 'post' | 'chat'; sentAt: number; latencyMs: number };

/**
 * Legitimate visitors that keep using the product while the drill attacks it:
 * a liveblog reader that gets a post committed every second, and two chat
 * guests in a room of their own, one saying something every half second.
 * Everything committed or acknowledged must reach them, once.
 */
export type LegitTraffic = {
  readonly deliveries: Delivery[];
  /** Stops sending, waits for what is on its way, and counts what never arrived or arrived twice. */
  finish(): Promise<{ lost: number; duplicated: number; sent: number; disconnects: number; unpublished: number }>;
};

/** Starts the visitors against `url`; posts go to liveblog `slug` through `db` (the hooked client, so the outbox relay publishes them). */
export async function startLegitTraffic(url: string, db: Database, liveblogId: string, slug: string): Promise<LegitTraffic> {
  const deliveries: Delivery[] = [];
  let disconnects = 0;
  const open = async (address: string, namespace: string) => {
    const handshake = await socketFrom(address, url, namespace);
    if ('refused' in handshake) throw new Error(`a legitimate visitor at ${address} was refused: ${handshake.refused}`);
    handshake.socket.on('disconnect', () => (disconnects += 1));
    return handshake.socket;
  };

  const reader = await open(LEGIT_ADDRESSES.reader, '/liveblog');
  const posted = new Map<string, number>();
  const postsSeen = new Map<string, number>();
  reader.on('post.published', ({ post }: { post: { id: string } }) => {
    postsSeen.set(post.id, (postsSeen.get(post.id) ?? 0) + 1);
    const sentAt = posted.get(post.id);
    if (sentAt !== undefined && postsSeen.get(post.id) === 1) deliveries.push({ kind: 'post', sentAt, latencyMs: Date.now() - sentAt });
  });
  const follow = await ask(reader, 'liveblog.follow', { slug });
  if (!follow.ok) throw new Error(`the legitimate reader could not follow: ${follow.error.message}`);

  const room = `legit-${randomBytes(3).toString('hex')}`;
  const sender = await open(LEGIT_ADDRESSES.sender, '/chat');
  const listener = await open(LEGIT_ADDRESSES.listener, '/chat');
  for (const [socket, name] of [[sender, 'Alice'], [listener, 'Bob']] as [Socket, string][]) {
    const joined = await ask(socket, 'room.join', { room, displayName: name });
    if (!joined.ok) throw new Error(`a legitimate guest could not join: ${joined.error.message}`);
  }
  const said = new Map<string, number>();
  const heard = new Map<string, number>();
  listener.on('chat.message', ({ clientId }: { clientId: string | null }) => {
    if (!clientId) return;
    heard.set(clientId, (heard.get(clientId) ?? 0) + 1);
    const sentAt = said.get(clientId);
    if (sentAt !== undefined && heard.get(clientId) === 1) deliveries.push({ kind: 'chat', sentAt, latencyMs: Date.now() - sentAt });
  });

  let chatRefusals = 0;
  const chatTimer = setInterval(() => {
    const clientId = randomBytes(6).toString('hex');
    const sentAt = Date.now();
    void ask(sender, 'message.send', { room, body: `hello ${clientId}`, clientId }).then((ack) => {
      if (ack.ok) said.set(clientId, sentAt);
      else chatRefusals += 1;
    });
  }, 500);
  // The drill's own publisher: a post it fails to commit was never promised to anyone, so it is counted apart.
  let unpublished = 0;
  const postTimer = setInterval(() => {
    void db.liveblogPost
      .create({ data: { liveblogId, body: `legit post ${posted.size + 1}` }, select: { id: true } })
      .then(({ id }) => posted.set(id, Date.now()), () => (unpublished += 1));
  }, 1000);

  return {
    deliveries,
    async finish() {
      clearInterval(chatTimer);
      clearInterval(postTimer);
      const arrived = () => [...posted.keys()].every((id) => postsSeen.has(id)) && [...said.keys()].every((id) => heard.has(id));
      await waitFor('the legitimate visitors’ last deliveries', 15_000, () => arrived() || undefined).catch(() => {});
      const lost = [...posted.keys()].filter((id) => !postsSeen.has(id)).length + [...said.keys()].filter((id) => !heard.has(id)).length + chatRefusals;
      const duplicated = [...postsSeen.values(), ...heard.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      const dropped = disconnects;
      for (const socket of [reader, sender, listener]) socket.close();
      return { lost, duplicated, sent: posted.size + said.size + chatRefusals, disconnects: dropped, unpublished };
    },
  };
}
