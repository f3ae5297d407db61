/**
 * What the logger never writes, by field path (pino's `redact`): secrets
 * (passwords, tokens, cookies, keys) and what people wrote (post and message
 * bodies, event payloads). Code logs ids, names, counts and codes, never
 * these; the list catches the slip of a whole object passed as a field — a
 * request's headers, a job's data, an event's payload — one or two levels down.
 */
const SECRET_FIELDS = ['password', 'token', 'replyToken', 'secret', 'secretKey', 'authorization', 'cookie', 'setupCode', 'databaseUrl', 'redisUrl'];
const CONTENT_FIELDS = ['text', 'body', 'summary', 'payload', 'data', 'content'];

/** Field paths pino replaces with `[redacted]`: each name at the top level, one level down, and in an error's cause. */
export const REDACTED_PATHS: readonly string[] = [...SECRET_FIELDS, ...CONTENT_FIELDS].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';
