import { z } from 'zod';
import { wireErrorSchema } from './errors.ts';
import type { ClientEventSpec } from './namespace-spec.ts';
import type { Protocol } from './register.ts';

export type { ClientEventSpec, NamespaceSpec } from './namespace-spec.ts';
export type { Protocol } from './register.ts';

/** A registered namespace. */
export type Namespace = keyof Protocol & string;

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
/** The server → client event names of namespace N. */
export type ServerEventNameOf<N extends Namespace> = keyof ServerEventsOf<N> & string;
/** Every server → client event name, across namespaces. */
export type ServerEventName = { [N in Namespace]: ServerEventNameOf<N> }[Namespace];
type ServerSchema<E extends ServerEventName> = {
  [N in Namespace]: E extends keyof ServerEventsOf<N> ? ServerEventsOf<N>[E] : never;
}[Namespace];
/** What a sender passes for server event E. */
export type ServerEventInput<E extends ServerEventName> = z.input<ServerSchema<E>>;
/** What a client receives for server event E. */
export type ServerEventPayload<E extends ServerEventName> = z.output<ServerSchema<E>>;

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
  /** When the server published it (ms since the epoch, the server's clock); live messages only, not those replayed after a reconnect. */
  sentAt: z.number().optional(),
});
export type ReplyMessage = z.infer<typeof replyMessageSchema>;

/** Server → client events every namespace may emit (emitted by the framework). */
export const systemServerEvents = {
  /** `server`: the interface server process's id (server/instance-id.ts; its log lines' `instanceId`), for support requests. */
  'reply.assigned': z.object({ token: z.string(), replyChannel: z.string(), epoch: z.string(), server: z.string() }),
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

