import type { IncomingMessage } from 'node:http';
import { InvalidInput, PayloadTooLarge } from '../errors.ts';

/** Reads a request body of at most `limit` bytes; a larger one is refused as soon as it exceeds the limit. */
export async function readBytes(request: IncomingMessage, limit: number, what = 'request body'): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLarge(what, declared, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLarge(what, size, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON or form-encoded request body of at most `limit` bytes into a plain object. */
export async function readBody(request: IncomingMessage, limit = 16_384): Promise<Record<string, unknown>> {
  const text = (await readBytes(request, limit)).toString('utf8');
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInput('request body must be a JSON object or a form');
}
