import type { IncomingMessage } from 'node:http';
import { InvalidInput, PayloadTooLarge } from '../errors.ts';

/**
 * A request body in chunks of at least `chunkBytes` (the last may be
 * smaller), as it arrives: the caller holds one chunk, never the body. Throws
 * PayloadTooLarge as soon as the body (or its declared Content-Length)
 * exceeds `limit`, and whatever ends the request early (the client went away).
 * An early stop leaves the request undestroyed, so the caller can still
 * answer it (and drain the rest with `request.resume()`).
 */
export async function* readChunks(request: IncomingMessage, limit: number, what: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLarge(what, declared, limit);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  for await (const piece of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > limit) throw new PayloadTooLarge(what, size, limit);
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= chunkBytes) {
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      yield chunk;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/** Reads a request body of at most `limit` bytes; a larger one is refused as soon as it exceeds the limit. */
export async function readBytes(request: IncomingMessage, limit: number, what = 'request body'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readChunks(request, limit, what, limit)) chunks.push(chunk);
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
