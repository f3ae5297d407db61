import { z } from 'zod';

/**
 * Group names: dotted words, e.g. `announcements`, `liveblog.my-slug`, `chat.lobby`.
 * The `!` character is reserved for reply channels, so a group can never be
 * confused with a client's reply channel.
 */
export const GROUP_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** Longest accepted group name, in characters. */
export const GROUP_NAME_MAX = 128;

/** Schema for a group name; the error message says what a valid name looks like. */
export const groupNameSchema = z
  .string()
  .max(GROUP_NAME_MAX, `a group name has at most ${GROUP_NAME_MAX} characters`)
  .regex(GROUP_NAME_PATTERN, 'a group name is dotted lowercase words, e.g. "liveblog.my-slug"');

/**
 * Reply channel names look like `reply!<22 base64url characters>`; the server
 * issues them (signed) and the client presents the signed token on reconnect.
 */
export const REPLY_CHANNEL_PATTERN = /^reply![A-Za-z0-9_-]{22}$/;

/** Schema for a reply channel name. */
export const replyChannelSchema = z
  .string()
  .regex(REPLY_CHANNEL_PATTERN, 'a reply channel looks like "reply!" followed by 22 base64url characters');
