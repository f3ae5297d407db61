import { z } from 'zod';
import { publicUserSchema, replyMessageSchema, wireErrorSchema } from '../../server/protocol/index.ts';
import { bigdataResultSchema, columnProfileSchema } from '../../server/features/jobs/bigdata-protocol.ts';
import { chatMemberSchema, chatMessageSchema } from '../../server/features/chat/chat-protocol.ts';
import { jobSummarySchema } from '../../server/features/jobs/jobs-protocol.ts';
import { wireLiveblogSchema, wirePostSchema } from '../../server/features/liveblog/liveblog-protocol.ts';

/** A JSON Schema (draft-07, the dialect AsyncAPI 3's default schema format builds on). */
export type JsonSchema = Record<string, unknown>;

/** Where named types are referenced from: the AsyncAPI document's shared schemas. */
export const NAMED_TYPES_AT = '#/components/schemas/';

// The shapes that recur across events, named once in the document (what a client sees).
const named = z.registry<{ id: string }>();
for (const [schema, id] of [
  [publicUserSchema, 'PublicUser'],
  [wireErrorSchema, 'WireError'],
  [replyMessageSchema, 'ReplyMessage'],
  [wirePostSchema, 'WirePost'],
  [wireLiveblogSchema, 'WireLiveblog'],
  [chatMessageSchema, 'ChatMessage'],
  [chatMemberSchema, 'ChatMember'],
  [jobSummarySchema, 'JobSummary'],
  [bigdataResultSchema, 'BigdataResult'],
  [columnProfileSchema, 'ColumnProfile'],
] as const) {
  named.add(schema, { id });
}
const unnamed = z.registry<{ id: string }>();

/**
 * The JSON Schema of a zod schema as the wire carries it. `output` (what a
 * client receives) refers to the named types (`$ref` to `NAMED_TYPES_AT`),
 * whose schemas it adds to `types`; `input` (what a client sends, before
 * defaults and trimming) is written out in full. Draft-07, without `$schema`.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', types: Record<string, JsonSchema> = {}): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    target: 'draft-07',
    unrepresentable: 'any',
    metadata: io === 'output' ? named : unnamed,
  }) as JsonSchema;
  const { $schema, definitions, ...rest } = relinked(converted) as JsonSchema;
  for (const [name, definition] of Object.entries((definitions ?? {}) as Record<string, JsonSchema>)) {
    const { id, ...body } = definition;
    types[name] = body;
  }
  const self = io === 'output' ? named.get(schema)?.id : undefined;
  if (!self) return rest;
  const { id, ...body } = rest;
  types[self] = body;
  return { $ref: `${NAMED_TYPES_AT}${self}` };
}

/** A copy of a converted schema whose `$ref`s point at the named types' place in the document. */
function relinked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relinked);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? inner.replace('#/definitions/', NAMED_TYPES_AT) : relinked(inner)]),
  );
}
