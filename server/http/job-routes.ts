import type { IncomingMessage } from 'node:http';
import type { AppServices } from '../app-services.ts';
import type { Config } from '../config.ts';
import { InvalidInput } from '../errors.ts';
import type { HttpRoute } from '../interface-server.ts';
import { submitJob } from '../jobs/submit-job.ts';
import type { ChannelLayer } from '../layer/channel-layer.ts';
import { createReplyChannelSigner } from '../layer/reply-channel-token.ts';
import type { SessionLookup } from '../middleware/session-auth.ts';
import { requireSameOrigin } from '../middleware/origin.ts';
import { MAX_CSV_BYTES } from '../protocol/bigdata.ts';
import { textSchema } from '../protocol/fields.ts';
import { readBytes } from './read-body.ts';
import { sendError } from './send-error.ts';
import { sendJson } from './send-json.ts';
import { sessionTokenOf } from './session-token.ts';

/** Dependencies of the job upload API. */
export type JobRoutesOptions = {
  config: Config;
  app: AppServices;
  lookupSession: SessionLookup;
  sessionCookie: string;
  layer: () => ChannelLayer;
};

/**
 * `POST /api/jobs/bigdata?name=<file name>`: uploads a CSV (the raw body, at
 * most 20 MB) for the `bigdata.process` channel. The `x-reply-token` header
 * (from `reply.assigned`) names the reply channel that will receive progress
 * and the result. Answers `202 { jobId }`. Datasets travel over HTTP, not the
 * socket, so the socket's message bound stays small.
 */
export function jobRoutes(options: JobRoutesOptions): HttpRoute {
  const signer = createReplyChannelSigner(options.config.secretKey);
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname !== '/api/jobs/bigdata') return false;
    try {
      if (request.method !== 'POST') {
        sendJson(response, 405, { error: { code: 'invalid_input', message: 'use POST' } }, { allow: 'POST' });
        return true;
      }
      requireSameOrigin(request, options.config.allowedOrigins, options.config.trustedProxies);
      const owner = await ownerOf(request);
      const bytes = await readBytes(request, MAX_CSV_BYTES, 'the CSV file');
      checkLooksLikeText(bytes);
      const name = datasetName(url.searchParams.get('name'));
      const { db } = options.app;
      const dataset = await db.dataset.create({ data: { name, bytes: new Uint8Array(bytes), size: bytes.length }, select: { id: true } });
      const jobId = await submitJob(
        { ...options.app, layer: options.layer() },
        { channel: 'bigdata.process', owner, label: name, input: { datasetId: dataset.id }, datasetId: dataset.id },
      );
      sendJson(response, 202, { jobId });
    } catch (error) {
      request.resume();
      sendError(response, error, 'job upload');
    }
    return true;
  };

  async function ownerOf(request: IncomingMessage) {
    const token = request.headers['x-reply-token'];
    const replyChannel = typeof token === 'string' ? signer.verify(token) : null;
    if (!replyChannel) throw new InvalidInput('send the x-reply-token header with the token from reply.assigned, so the result can reach you');
    const session = sessionTokenOf(request, options.sessionCookie);
    const user = session ? await options.lookupSession(session) : null;
    return { userId: user?.id ?? null, replyChannel };
  }
}

/** The dataset's label from `?name=`: text (no NUL, no unpaired surrogates), cut to 200 characters. */
function datasetName(given: string | null): string {
  const parsed = textSchema.safeParse(given ?? '');
  if (!parsed.success) throw InvalidInput.fromZod('the name parameter', parsed.error);
  // Cut by code points, so a cut never leaves half a surrogate pair.
  return Array.from(parsed.data).slice(0, 200).join('') || 'pasted data';
}

// A cheap check before queueing: empty bodies and binary files (NUL bytes) are
// refused at once; everything else is parsed, and refused with the row, by the worker.
function checkLooksLikeText(bytes: Buffer) {
  if (bytes.length === 0) throw new InvalidInput('the file is empty; a CSV needs a header row and data rows');
  if (bytes.subarray(0, 65_536).includes(0)) throw new InvalidInput('the file is binary, not a CSV text file');
}
