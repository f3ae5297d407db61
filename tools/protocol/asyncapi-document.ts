import { app } from '../../server/features/index.ts';
import { z } from 'zod';
import { ERROR_CODES, JOB_FAILURE_CODES, systemClientEvents, systemServerEvents, wireErrorSchema } from '../../server/protocol/index.ts';
import type { ClientEventSpec, HttpRouteSpec, NamespaceSpec } from '../../server/protocol/index.ts';
import { jsonSchemaOf } from './json-schema-of.ts';
import type { JsonSchema } from './json-schema-of.ts';

type Ref = { $ref: string };
type Message = { name: string; title?: string; summary?: string; payload: JsonSchema; bindings?: Record<string, unknown> };
type Channel = { address: string | null; title: string; description?: string; parameters?: Record<string, unknown>; messages: Record<string, Ref> };
type Operation = { action: 'send' | 'receive'; channel: Ref; title: string; messages: Ref[]; reply?: { channel: Ref; messages: Ref[] }; bindings?: Record<string, unknown> };

const ref = (path: string): Ref => ({ $ref: `#/${path}` });

/** What an ack carries for data `reply`: `{ ok: true, data }` or `{ ok: false, error }`. */
const ackOf = (reply: z.ZodType) =>
  z.union([z.object({ ok: z.literal(true), data: reply }), z.object({ ok: z.literal(false), error: wireErrorSchema })]);

/** The channel id of a namespace: `/` is `root`, `/chat` is `chat`. */
export const channelIdOf = (namespace: string) => (namespace === '/' ? 'root' : namespace.slice(1));

/** Collects channels, operations and messages as the document is built. */
class Builder {
  readonly channels: Record<string, Channel> = {};
  readonly operations: Record<string, Operation> = {};
  readonly messages: Record<string, Message> = {};
  /** The named types the payloads refer to. */
  readonly types: Record<string, JsonSchema> = {};

  channel(id: string, channel: Omit<Channel, 'messages'>): void {
    this.channels[id] = { ...channel, messages: {} };
  }

  /** Adds a message to a channel (and components) and returns the channel's reference to it. */
  message(channelId: string, key: string, message: Message): Ref {
    const id = `${channelId}.${key}`;
    this.messages[id] = message;
    this.channels[channelId]!.messages[key] = ref(`components/messages/${id}`);
    return ref(`channels/${channelId}/messages/${key}`);
  }

  /** A client → server event: the server receives it and acks. */
  clientEvent(channelId: string, event: string, spec: ClientEventSpec): void {
    const request = this.message(channelId, event, { name: event, title: event, payload: jsonSchemaOf(spec.payload, 'input', this.types) });
    const ack = this.message(channelId, `${event}.ack`, { name: `${event} (ack)`, title: `ack of ${event}`, payload: jsonSchemaOf(ackOf(spec.reply), 'output', this.types) });
    const channel = ref(`channels/${channelId}`);
    this.operations[`${channelId}.${event}`] = { action: 'receive', channel, title: event, messages: [request], reply: { channel, messages: [ack] } };
  }

  /** A server → client event. */
  serverEvent(channelId: string, event: string, schema: z.ZodType): void {
    const message = this.message(channelId, event, { name: event, title: event, payload: jsonSchemaOf(schema, 'output', this.types) });
    this.operations[`${channelId}.${event}`] = { action: 'send', channel: ref(`channels/${channelId}`), title: event, messages: [message] };
  }

  /** An HTTP route: the request the server receives and its answers as the reply. */
  httpRoute(id: string, route: HttpRouteSpec): void {
    const channelId = `http.${id}`;
    this.channel(channelId, { address: route.path, title: `${route.method} ${route.path}`, description: route.summary });
    const headers = { ...route.headers, ...(route.body ? { 'content-type': route.body.contentType } : {}) };
    const request = this.message(channelId, 'request', {
      name: `${route.method} ${route.path}`,
      summary: route.body?.description ?? 'no body',
      payload: route.body?.schema ? jsonSchemaOf(route.body.schema, 'input', this.types) : {},
      bindings: { http: { headers: headerSchema(headers), bindingVersion: '0.3.0' } },
    });
    const answers = Object.entries(route.answers).map(([status, answer]) =>
      this.message(channelId, `answer${status}`, {
        name: `${status}`,
        summary: answer.description,
        payload: answer.body ? jsonSchemaOf(answer.body, 'output', this.types) : {},
        bindings: { http: { statusCode: Number(status), bindingVersion: '0.3.0' } },
      }),
    );
    const channel = ref(`channels/${channelId}`);
    this.operations[channelId] = {
      action: 'receive',
      channel,
      title: `${route.method} ${route.path}`,
      messages: [request],
      reply: { channel, messages: answers },
      bindings: { http: { method: route.method, ...(route.query ? { query: headerSchema(route.query) } : {}), bindingVersion: '0.3.0' } },
    };
  }
}

/** Named string fields, each described: the schema of a set of headers or query parameters. */
function headerSchema(fields: Record<string, string>): JsonSchema {
  return { type: 'object', properties: Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, { type: 'string', description }])) };
}

/**
 * The AsyncAPI 3 document of Switchyard's wire protocol, built from the event
 * maps (server/protocol/events.ts), the framework's own events, the error
 * codes and the HTTP API: every namespace a channel, every client event an
 * operation the server receives with its ack as the reply, every server event
 * an operation the server sends.
 */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const builder = new Builder();
  for (const [namespace, spec] of Object.entries(app.index.protocol) as [string, NamespaceSpec][]) {
    const id = channelIdOf(namespace);
    builder.channel(id, { address: namespace, title: `Socket.IO namespace ${namespace}` });
    for (const [event, clientSpec] of Object.entries(spec.client)) builder.clientEvent(id, event, clientSpec);
    for (const [event, schema] of Object.entries(spec.server)) builder.serverEvent(id, event, schema);
  }
  builder.channel('every', {
    address: '{namespace}',
    title: 'Every namespace',
    description: 'Events the framework handles and emits on every namespace: the reply channel, rejections, draining.',
    parameters: { namespace: { enum: app.index.namespaces, description: 'any namespace of the protocol' } },
  });
  for (const [event, spec] of Object.entries(systemClientEvents)) builder.clientEvent('every', event, spec);
  for (const [event, schema] of Object.entries(systemServerEvents)) builder.serverEvent('every', event, schema);
  for (const [id, route] of Object.entries(app.httpApi)) builder.httpRoute(id, route);

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Switchyard wire protocol',
      version,
      description:
        'Socket.IO 4 namespaces and the HTTP routes a client of a Switchyard interface server uses. Generated from the registered features’ protocols (server/features/index.ts) by `npm run protocol`; the prose is docs/protocol.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      socket: { host: '127.0.0.1:3000', protocol: 'ws', pathname: '/socket.io', description: 'Socket.IO 4 (Engine.IO 4) over WebSocket or long-polling; one namespace per channel' },
      http: { host: '127.0.0.1:3000', protocol: 'http', description: 'the same port: pages, the HTTP API and /healthz' },
    },
    channels: builder.channels,
    operations: builder.operations,
    components: {
      messages: builder.messages,
      schemas: {
        ...builder.types,
        ErrorCode: { type: 'string', enum: [...ERROR_CODES] },
        JobFailureCode: { type: 'string', enum: [...JOB_FAILURE_CODES] },
      },
    },
  };
}
