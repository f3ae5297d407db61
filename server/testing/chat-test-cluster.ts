import { randomBytes } from 'node:crypto';
import { createPrismaClient } from '../../prisma/client.ts';
import type { Database } from '../../prisma/client.ts';
import type { ChatMessage, LobbyRooms, PresenceChanged, PresenceDelta } from '../features/chat/chat-protocol.ts';
import { SocketCommunicator } from './socket-communicator.ts';
import type { ConnectOptions } from './socket-communicator.ts';
import { spawnInterfaceServer } from './spawn-server.ts';
import type { SpawnedServer } from './spawn-server.ts';
import { testDatabaseUrl } from './test-database.ts';
import { uniquePrefix } from './test-server.ts';
import { app } from '../features/index.ts';

/**
 * Two interface server processes sharing one Redis prefix and the test
 * database, for the chat specs: real servers, real clients on `/chat`.
 */
export type ChatTestCluster = {
  readonly run: string;
  readonly prefix: string;
  readonly servers: SpawnedServer[];
  readonly db: Database;
  /** A room name no other run uses. */
  room(label: string): string;
  /** Connects a `/chat` client to a server. */
  connect(server: SpawnedServer, options?: ConnectOptions): Promise<SocketCommunicator>;
  /** Starts one more server on the same prefix (stopped by `close`). */
  spawn(): Promise<SpawnedServer>;
  close(): Promise<void>;
};

/**
 * Starts the two servers, with `env` added to their environment. Every test
 * client comes from one address, so room creation is not limited unless `env`
 * sets CHAT_ROOMS_CREATED_PER_HOUR.
 */
export async function startChatCluster(env: Record<string, string> = {}): Promise<ChatTestCluster> {
  const run = randomBytes(4).toString('hex');
  const prefix = uniquePrefix();
  const serverEnv = { CHAT_ROOMS_CREATED_PER_HOUR: '100000', ...env, REDIS_PREFIX: prefix };
  const servers = await Promise.all([spawnInterfaceServer(serverEnv), spawnInterfaceServer(serverEnv)]);
  const db = createPrismaClient(testDatabaseUrl(), { hooks: app.hooks });
  const clients: SocketCommunicator[] = [];
  return {
    run,
    prefix,
    servers,
    db,
    room: (label) => `${label}-${run}`,
    async connect(server, options = {}) {
      const client = await SocketCommunicator.connect(server.url, { namespace: '/chat', ...options });
      clients.push(client);
      return client;
    },
    async spawn() {
      const server = await spawnInterfaceServer(serverEnv);
      servers.push(server);
      return server;
    },
    async close() {
      for (const client of clients) client.close();
      await Promise.all(servers.map((s) => s.stop()));
      await db.chatRoom.deleteMany({ where: { name: { endsWith: `-${run}` } } });
      await db.$disconnect();
    },
  };
}

/** The data of a successful ack, or a thrown error naming the failure. */
export function ok<T>(answer: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!answer.ok) throw new Error(`expected success, got ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}

/** Joins `room` as `displayName` (with a visitor token, if given) and resolves with the ack's data; throws if refused. */
export async function joinRoom(client: SocketCommunicator, room: string, displayName: string, visitor?: string): Promise<JoinReply> {
  return ok(await client.request<JoinReply>('room.join', { room, displayName, ...(visitor ? { visitor } : {}) }));
}

/** The shape `room.join` acks with. */
export type JoinReply = {
  you: { id: string; name: string; verified: boolean; visitor: string | null };
  history: ChatMessage[];
  hasOlder: boolean;
  presence: { members: { id: string; name: string; verified: boolean }[]; count: number; version: number };
};

/**
 * Takes `presence.changed` events until one holds a change that matches, and
 * resolves with that change and its event (the events before it are dropped).
 */
export async function presenceChange(client: SocketCommunicator, match: (change: PresenceDelta) => boolean, timeoutMs = 5000): Promise<{ change: PresenceDelta; event: PresenceChanged }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await client.receive<PresenceChanged>('presence.changed', Math.max(1, deadline - Date.now()));
    const change = event.changes?.find(match);
    if (change) return { change, event };
  }
}

/** Takes `lobby.changed` events until one lists `room` with `count` people (0: not listed), and resolves with it. */
export async function lobbyShows(client: SocketCommunicator, room: string, count: number, timeoutMs = 5000): Promise<LobbyRooms> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lobby = await client.receive<LobbyRooms>('lobby.changed', Math.max(1, deadline - Date.now()));
    if ((lobby.rooms.find((r) => r.room === room)?.count ?? 0) === count) return lobby;
  }
}
