import { z } from 'zod';

// NUL, and UTF-16 surrogates without their other half: neither is text, PostgreSQL
// refuses NUL in text columns and Prisma refuses unpaired surrogates in a query,
// so an input carrying one would otherwise fail deep inside a handler as `internal`.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Free text from a client (message and post bodies, display names, titles,
 * usernames): well-formed Unicode without NUL characters. Add `.trim()`,
 * `.min()` and `.max()` as the field needs.
 */
export const textSchema = z.string().refine((text) => !NOT_TEXT.test(text), 'text cannot contain NUL characters or unpaired UTF-16 surrogates');

/** Ids of stored records (posts are cuids, jobs UUIDs): 1–64 letters, digits, `-` or `_`. */
export const recordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id is 1–64 letters, digits, "-" or "_"');

/** The largest PostgreSQL bigint, in decimal. */
const BIGINT_MAX = '9223372036854775807';

/**
 * A PostgreSQL bigint travelling as a decimal string (chat message ids,
 * outbox cursors); `what` names it in the error message.
 */
export function bigintStringSchema(what: string) {
  return (
    z
      .string()
      .regex(/^[0-9]{1,19}$/, `${what} is a decimal string`)
      // Zod runs this check even when the regex failed: only 19-digit strings are compared (as text; BigInt() would throw on others).
      .refine((digits) => !/^[0-9]{19}$/.test(digits) || digits <= BIGINT_MAX, `${what} is at most ${BIGINT_MAX}`)
  );
}
