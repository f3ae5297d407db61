import { z } from 'zod';
import { textSchema } from './fields.ts';
import { groupNameSchema } from './names.ts';
import type { NamespaceSpec } from './namespace-spec.ts';

/** A user as clients see it. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  isStaff: z.boolean(),
});

/**
 * The kit's own namespace, `/`: every page's connection. Features add their
 * namespaces beside it (server/registry/define-app.ts).
 */
export const kitProtocol = {
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
} as const satisfies Record<string, NamespaceSpec>;

/** The type of the kit's own protocol. */
export type KitProtocol = typeof kitProtocol;

/** The group every connection of the root namespace joins; `switchyard group-send announcements ...` reaches it. */
export const ANNOUNCEMENTS_GROUP = groupNameSchema.parse('announcements');
