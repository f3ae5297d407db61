import { z } from 'zod';
import { chatClientEvents, chatServerEvents } from './chat.ts';
import { jobClientEvents, jobServerEvents } from './jobs.ts';
import { liveblogClientEvents, liveblogServerEvents } from './liveblog.ts';
import { textSchema } from './fields.ts';
import { wireErrorSchema } from './errors.ts';
import { groupNameSchema } from './names.ts';

/** A user as clients see it. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  isStaff: z.boolean(),
});

/** Client → server event: its payload schema and the schema of the data its ack carries. */
export type ClientEventSpec = { payload: z.ZodType; reply: z.ZodType };

/** One namespace's event maps: what clients may send, what the server may emit. */
export type NamespaceSpec = {
  client: Record<string, ClientEventSpec>;
  server: Record<string, z.ZodType>;
};

/**
 * The event maps, one entry per Socket.IO namespace. This is the single
 * definition of every event name and payload: the interface server validates
 * with it, the channel layer types `send`/`groupSend` with it, and the React
 * client types its hooks with it. Server event names are unique across
 * namespaces, so an event name alone says which namespace it travels on.
 */
export const protocol = {
  '/': {
    client: {
      'session.describe': {
        payload: z.object({}).strict(),
        reply: z.object({ user: publicUserSchema.nullable(), replyChannel: z.string() }),
      },
      'announcement.post': {
        payload: z.object({ text: textSchema.trim().min(1, 'text is empty').max(500, 'text is longer than 500 characters') }).strict(),
        reply: z.object({ at: z.string() }),
      },
      'connection.ping': {
        payload: z.object({ sentAt: z.number() }).strict(),
        reply: z.object({ sentAt: z.number(), serverTime: z.number() }),
      },
    },
    server: {
      'announcement.posted': z.object({
        text: z.string().max(2000),
        author: z.string().max(64).nullable(),
        at: z.string(),
      }),
      'notice.posted': z.object({
        text: z.string().max(2000),
        level: z.enum(['info', 'warning', 'error']).default('info'),
      }),
    },
  },
  '/jobs': {
    client: jobClientEvents,
    server: jobServerEvents,
  },
  '/liveblog': {
    client: liveblogClientEvents,
    server: liveblogServerEvents,
  },
  '/chat': { client: chatClientEvents, server: chatServerEvents },
} as const satisfies Record<string, NamespaceSpec>;

export type Protocol = typeof protocol;
export type Namespace = keyof Protocol;

/** Client → server event names of namespace N. */
export type ClientEventName<N extends Namespace> = keyof Protocol[N]['client'] & string;
type ClientSpec<N extends Namespace, E extends ClientEventName<N>> = Protocol[N]['client'][E] extends ClientEventSpec
  ? Protocol[N]['client'][E]
  : never;
/** Payload a client sends with event E (before parsing). */
export type ClientEventInput<N extends Namespace, E extends ClientEventName<N>> = z.input<ClientSpec<N, E>['payload']>;
/** Payload a handler receives for event E (after parsing). */
export type ClientEventPayload<N extends Namespace, E extends ClientEventName<N>> = z.output<ClientSpec<N, E>['payload']>;
/** Data the ack of event E carries. */
export type ClientEventReply<N extends Namespace, E extends ClientEventName<N>> = z.output<ClientSpec<N, E>['reply']>;

type ServerEventsOf<N extends Namespace> = Protocol[N]['server'];
/** Every server → client event name, across namespaces. */
export type ServerEventName = { [N in Namespace]: keyof ServerEventsOf<N> & string }[Namespace];
type ServerSchema<E extends ServerEventName> = {
  [N in Namespace]: E extends keyof ServerEventsOf<N> ? ServerEventsOf<N>[E] : never;
}[Namespace];
/** What a sender passes for server event E. */
export type ServerEventInput<E extends ServerEventName> = z.input<ServerSchema<E>>;
/** What a client receives for server event E. */
export type ServerEventPayload<E extends ServerEventName> = z.output<ServerSchema<E>>;

const serverEventIndex = new Map<string, { namespace: Namespace; schema: z.ZodType }>();
for (const [namespace, spec] of Object.entries(protocol) as [Namespace, NamespaceSpec][]) {
  for (const [event, schema] of Object.entries(spec.server)) {
    if (serverEventIndex.has(event)) {
      throw new Error(`server event "${event}" is defined in two namespaces; event names must be unique`);
    }
    serverEventIndex.set(event, { namespace, schema });
  }
}

/** Looks up a server event by name: its namespace and payload schema, or undefined. */
export function serverEvent(event: string): { namespace: Namespace; schema: z.ZodType } | undefined {
  return serverEventIndex.get(event);
}

/** Every namespace in the protocol. */
export const NAMESPACES = Object.keys(protocol) as Namespace[];

/** Client → server events every namespace understands (handled by the framework). */
export const systemClientEvents = {
  'reply.fetch': {
    payload: z.object({ after: z.number().int().min(0) }).strict(),
    reply: z.object({ messages: z.array(z.lazy(() => replyMessageSchema)) }),
  },
} as const;

/** A message delivered on a reply channel: numbered so clients can detect gaps and drop duplicates. */
export const replyMessageSchema = z.object({
  seq: z.number().int().positive(),
  /** The epoch of the sequence `seq` belongs to: a message of another epoch than the client's means the counter started over. */
  epoch: z.string().optional(),
  event: z.string(),
  payload: z.unknown(),
});
export type ReplyMessage = z.infer<typeof replyMessageSchema>;

/** Server → client events every namespace may emit (emitted by the framework). */
export const systemServerEvents = {
  'reply.assigned': z.object({ token: z.string(), replyChannel: z.string(), epoch: z.string() }),
  'reply.reset': z.object({ epoch: z.string() }),
  'reply.message': replyMessageSchema,
  'event.rejected': z.object({ event: z.string(), error: wireErrorSchema }),
  'server.draining': z.object({ reconnectAfterMs: z.number() }),
} as const;

/** What a client sends in the Socket.IO handshake `auth` object. */
export const handshakeAuthSchema = z
  .object({
    reply: z.string().max(200).optional(),
    lastSeq: z.number().int().min(0).optional(),
    epoch: z.string().max(64).optional(),
  })
  .catch({});

export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** The group every connection of the root namespace joins; `switchyard group-send announcements ...` reaches it. */
export const ANNOUNCEMENTS_GROUP = groupNameSchema.parse('announcements');
