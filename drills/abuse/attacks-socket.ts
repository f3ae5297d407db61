import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { waitFor } from '../../server/testing/wait-for.ts';
import { ask, inParallel, socketFrom, tally } from './addressed-client.ts';
import type { AttackContext } from './attack-context.ts';

/**
 * A reconnect loop: one address opens `count` connections without a reply
 * token, as fast as the server lets it, and drops each at once. Every one of
 * them used to leave a reply channel's keys in Redis for a day.
 */
export async function handshakeLoop(context: AttackContext, count = 3000): Promise<string> {
  const outcomes = tally();
  await inParallel(count, 20, async () => {
    const handshake = await socketFrom(context.attacker, context.url, '/');
    if ('refused' in handshake) return outcomes.add(handshake.refused);
    outcomes.add('connected');
    handshake.socket.close();
  });
  return `${count} handshakes without a token from one address: ${outcomes}`;
}

/** The `index`th crowd address: 127.1.x.y, one per person, none an attacker's or a visitor's. */
const crowdAddress = (index: number) => `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;

/**
 * A room of `people` guests, each from an address of its own (a popular room,
 * not one attacker). Every join must work or be refused with a clear code;
 * an observer in the room keeps getting messages; once the crowd leaves, the
 * room has no ghosts: a newcomer sees only the observer.
 */
export async function crowdedRoom(context: AttackContext, people = 2000): Promise<string> {
  const room = `crowd-${randomBytes(3).toString('hex')}`;
  const observer = await joinAs(context, '127.0.0.14', room, 'Observer');
  let largestPresenceBytes = 0;
  observer.onAny((event: string, payload: unknown) => {
    if (event.startsWith('presence')) largestPresenceBytes = Math.max(largestPresenceBytes, Buffer.byteLength(JSON.stringify(payload)));
  });
  const outcomes = tally();
  const crowd: Socket[] = [];
  await inParallel(people, 50, async (i) => {
    const handshake = await socketFrom(crowdAddress(i), context.url, '/chat');
    if ('refused' in handshake) return outcomes.add(`handshake ${handshake.refused}`);
    crowd.push(handshake.socket);
    const joined = await ask(handshake.socket, 'room.join', { room, displayName: `guest ${i}` }, 30_000);
    outcomes.add(joined.ok ? 'joined' : joined.error.code);
  });
  const said = await ask(observer, 'message.send', { room, body: 'still here?', clientId: 'observer-1' });
  for (const socket of crowd) socket.close();
  const remaining = await waitFor('the crowd gone from the room', 40_000, async (note) => {
    const count = await membersSeenByNewcomer(context, room);
    note(`${count} members`);
    return count <= 2 ? count : undefined;
  });
  observer.close();
  if (!said.ok) throw new Error(`the observer could not speak in the crowded room: ${said.error.message}`);
  return `${people} guests joined one room: ${outcomes}; largest presence message ${(largestPresenceBytes / 1024).toFixed(1)} KiB; a newcomer then saw ${remaining} members (the observer and itself)`;
}

/**
 * A room-join flood: one address, `connections` connections, each joining
 * (and leaving again, to stay under any per-connection cap) `roomsEach` rooms
 * of new names. The rooms a single address can create must be bounded, and
 * so must the rows it leaves in `chat_rooms`.
 */
export async function roomJoinFlood(context: AttackContext, connections = 20, roomsEach = 200): Promise<string> {
  const before = await context.count('SELECT count(*) FROM chat_rooms');
  const outcomes = tally();
  await inParallel(connections, connections, async (c) => {
    const handshake = await socketFrom(context.attacker, context.url, '/chat');
    if ('refused' in handshake) return outcomes.add(`handshake ${handshake.refused}`);
    for (let r = 0; r < roomsEach; r += 1) {
      const room = `flood-${c}-${r}-${randomBytes(2).toString('hex')}`;
      const joined = await ask(handshake.socket, 'room.join', { room, displayName: `spam ${c}` });
      outcomes.add(joined.ok ? 'joined' : joined.error.code);
      if (joined.ok) await ask(handshake.socket, 'room.leave', { room });
    }
    handshake.socket.close();
  });
  const created = (await context.count('SELECT count(*) FROM chat_rooms')) - before;
  return `${connections * roomsEach} joins of new rooms from one address: ${outcomes}; chat_rooms rows created: ${created}`;
}

/** How many people a newcomer's `room.join` reply counts in the room (the newcomer included). */
async function membersSeenByNewcomer(context: AttackContext, room: string): Promise<number> {
  const handshake = await socketFrom('127.0.0.15', context.url, '/chat');
  if ('refused' in handshake) throw new Error(`the newcomer was refused: ${handshake.refused}`);
  try {
    const reply = await ask<{ presence: { count: number } }>(handshake.socket, 'room.join', { room, displayName: 'Newcomer' });
    if (!reply.ok) throw new Error(`the newcomer could not join: ${reply.error.message}`);
    return reply.data.presence.count;
  } finally {
    handshake.socket.close();
  }
}

async function joinAs(context: AttackContext, address: string, room: string, displayName: string): Promise<Socket> {
  const handshake = await socketFrom(address, context.url, '/chat');
  if ('refused' in handshake) throw new Error(`${displayName} at ${address} was refused: ${handshake.refused}`);
  const joined = await ask(handshake.socket, 'room.join', { room, displayName });
  if (!joined.ok) throw new Error(`${displayName} could not join ${room}: ${joined.error.message}`);
  return handshake.socket;
}
