import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { lastSeq, mergeMessages } from '../app/(public)/chat/_components/merge-messages.ts';
import type { ChatMessage } from '../server/features/chat/chat-protocol.ts';
import type { Ack } from '../server/protocol/errors.ts';
import { waitFor } from '../server/testing/wait-for.ts';
import type { DrillScope } from './drill.ts';

const ACK_TIMEOUT_MS = 10_000;

/** Chat members in one room, as the room page keeps them (merge-messages.ts), counted against what was acknowledged. */
export type ChatMembers = {
  /** Sends a message from member 0, resending with the same clientId until acknowledged (stored once); resolves its id. */
  say(body: string): Promise<string>;
  /** When a message (by id) first reached any member, live or by catch-up (ms since the epoch). */
  firstSeen(id: string): number | undefined;
  /** Waits (at most `timeoutMs`) until every member holds every acknowledged message; then counts. */
  settled(timeoutMs: number): Promise<ChatTally>;
};

/** What the members hold compared with the acknowledged messages. */
export type ChatTally = {
  members: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  reconnects: number;
  complete: number;
  /** Live messages a connection got a second time: the broadcast of a resend (same clientId), which the page merges into one. */
  rebroadcasts: number;
};

type Member = { socket: Socket; messages: ChatMessage[]; liveIds: Set<string>; liveTwice: number; reconnects: number };

/**
 * Opens `count` members of a fresh room, member i on urls[i % urls.length]. Each
 * joins on every (re)connection and then catches up after the last seq it
 * holds (`message.catchup`), as the room page does; Socket.IO's client
 * reconnects by itself. A message shown twice or never acknowledged counts
 * as duplicated.
 */
export async function joinChatMembers(scope: DrillScope, urls: readonly string[], count: number): Promise<ChatMembers> {
  const room = `failover-${randomBytes(3).toString('hex')}`;
  const seen = new Map<string, number>();
  const acknowledged: string[] = [];
  const members = Array.from({ length: count }, (_, i) => openMember(urls[i % urls.length] as string, room, `Member ${i + 1}`, seen));
  for (const member of members) scope.defer(() => member.socket.close());
  await waitFor(`${count} chat members joined`, 20_000, () => members.every((m) => m.socket.connected && m.joined()) || undefined);
  const sender = members[0] as Member & { joined(): boolean };
  const tally = (): ChatTally => {
    const expected = new Set(acknowledged);
    let lost = 0;
    let duplicated = 0;
    let complete = 0;
    for (const member of members) {
      const held = new Set(member.messages.map((m) => m.id));
      const missing = acknowledged.filter((id) => !held.has(id)).length;
      const extra = member.messages.length - held.size + [...held].filter((id) => !expected.has(id)).length;
      lost += missing;
      duplicated += extra;
      if (missing === 0 && extra === 0) complete += 1;
    }
    return { members: members.length, acknowledged: acknowledged.length, lost, duplicated, reconnects: members.reduce((n, m) => n + m.reconnects, 0), complete, rebroadcasts: members.reduce((n, m) => n + m.liveTwice, 0) };
  };
  return {
    async say(body) {
      const clientId = randomBytes(6).toString('hex');
      const ack = await waitFor(`message ${clientId} acknowledged`, 30_000, async () => {
        if (!sender.socket.connected || !sender.joined()) return undefined;
        const answer = await request<{ id: string }>(sender.socket, 'message.send', { room, body, clientId }).catch(() => undefined);
        return answer?.ok ? answer.data : undefined;
      }, 200);
      acknowledged.push(ack.id);
      return ack.id;
    },
    firstSeen: (id) => seen.get(id),
    async settled(timeoutMs) {
      await waitFor('every chat member holding every message', timeoutMs, () => (tally().complete === members.length ? true : undefined), 200).catch(() => {});
      return tally();
    },
  };
}

function openMember(url: string, room: string, displayName: string, seen: Map<string, number>): Member & { joined(): boolean } {
  const socket = io(`${url}/chat`, { transports: ['websocket'], reconnectionDelayMax: 1000 });
  const member: Member = { socket, messages: [], liveIds: new Set(), liveTwice: 0, reconnects: -1 };
  let joined = false;
  // The visitor token of the first join, presented on every rejoin as the page does: the same person, so a resend is stored once.
  let visitor: string | undefined;
  const merge = (incoming: ChatMessage[]) => {
    const now = Date.now();
    for (const message of incoming) if (!seen.has(message.id)) seen.set(message.id, now);
    member.messages = mergeMessages(member.messages, incoming);
  };
  socket.on('connect', () => {
    member.reconnects += 1;
    member.liveIds = new Set();
    joined = false;
    void (async () => {
      const join = await request<{ history: ChatMessage[]; you: { visitor: string | null } }>(socket, 'room.join', { room, displayName, ...(visitor ? { visitor } : {}) });
      if (!join.ok) throw new Error(join.error.message);
      visitor ??= join.data.you.visitor ?? undefined;
      const after = lastSeq(member.messages);
      merge(join.data.history);
      for (let from = after, more = from !== null; more && from !== null; ) {
        const page = await request<{ messages: ChatMessage[]; hasMore: boolean }>(socket, 'message.catchup', { room, after: from });
        if (!page.ok) throw new Error(page.error.message);
        merge(page.data.messages);
        [from, more] = [lastSeq(member.messages), page.data.hasMore];
      }
      joined = true;
    })().catch(() => socket.disconnect().connect());
  });
  socket.on('chat.message', (message: ChatMessage) => {
    if (member.liveIds.has(message.id)) member.liveTwice += 1;
    member.liveIds.add(message.id);
    merge([message]);
  });
  return Object.assign(member, { joined: () => joined });
}

function request<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload) as Promise<Ack<T>>;
}
