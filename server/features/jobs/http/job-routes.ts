import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RedisClient } from '../../../layer/redis-connection.ts';
import type { Config } from '../../../config.ts';
import { InvalidInput, PayloadTooLarge } from '../../../errors.ts';
import type { HttpRoute } from '../../../http/http-route.ts';
import { DATASET_CHUNK_BYTES } from '../dataset-store.ts';
import { submitUpload } from '../submit-upload.ts';
import { createReplyChannelSigner } from '../../../layer/reply-channel-token.ts';
import type { SessionLookup } from '../../../middleware/session-auth.ts';
import { requireSameOrigin } from '../../../middleware/origin.ts';
import { MAX_CSV_BYTES } from '../bigdata-protocol.ts';
import { textSchema } from '../../../protocol/fields.ts';
import { createAddressRateLimit } from '../../../http/address-rate-limit.ts';
import { createConcurrencyGate } from '../../../http/concurrency-gate.ts';
import { readChunks } from '../../../http/read-body.ts';
import { requestOwner } from './request-owner.ts';
import { sendError } from '../../../http/send-error.ts';
import { sendJson } from '../../../http/send-json.ts';
import { createVisitorCookies } from '../../../http/visitor-cookie.ts';
import type { JobServices } from '../job-services.ts';
import { appInTrace } from '../../../app-services.ts';
import { layerInTrace } from '../../../layer/channel-layer.ts';
import type { ChannelLayer } from '../../../layer/channel-layer.ts';
import { inSpan, SpanKind } from '../../../tracing/trace-context.ts';
import type { Span, TraceCarrier } from '../../../tracing/trace-context.ts';

/** Dependencies of the job upload API. */
export type JobRoutesOptions = {
  config: Config;
  /** The kit's services and the per-owner caps (JobServices without the layer). */
  app: Omit<JobServices, 'layer'>;
  lookupSession: SessionLookup;
  sessionCookie: string;
  layer: () => ChannelLayer;
  /** Where the upload rate per address is counted, shared by every interface server. */
  redis: RedisClient;
};

// How long a client turned away because this process receives as many uploads as it may should wait: about one upload's time.
const BUSY_RETRY_MS = 5000;

/**
 * `POST /api/jobs/bigdata?name=<file name>`: uploads a CSV (the raw body, at
 * most 20 MB) for the `bigdata.process` channel. The `x-reply-token` header
 * (from `reply.assigned`) names the reply channel that will receive progress
 * and the result. Answers `202 { jobId }`. Datasets travel over HTconfig.trustedProxies, not the
 * socket, so the socket's message bound stays small.
 *
 * Before a byte of the body is read, in this order: a declared size over the
 * limit (413); this process's uploads in flight, per address and in all
 * (UPLOADS_IN_FLIGHT*, 429); the address's upload rate (UPLOADS_PER_MINUTE,
 * in Redis, 429); the job caps and anonymous storage caps (job-admission.ts,
 * 429). Then the body streams into PostgreSQL chunk by chunk
 * (submit-upload.ts). Node's `requestTimeout` (300 s) ends a body that
 * trickles, and with it the place it held.
 */
export function jobRoutes(options: JobRoutesOptions): HttpRoute {
  const { config } = options;
  const owners = { signer: createReplyChannelSigner(config.secretKey), lookupSession: options.lookupSession, sessionCookie: options.sessionCookie, visitors: createVisitorCookies({ secretKey: config.secretKey, trustedProxies: config.trustedProxies }), trustedProxies: config.trustedProxies };
  const gate = createConcurrencyGate({
    total: config.uploads.inFlight,
    perKey: config.uploads.inFlightPerAddress,
    what: 'uploads',
    retryAfterMs: BUSY_RETRY_MS,
  });
  const rate = createAddressRateLimit(options.redis, { prefix: config.redisPrefix, name: 'uploads', points: config.uploads.perMinute, seconds: 60, what: 'uploads' });
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (url.pathname !== '/api/jobs/bigdata') return false;
    // The upload is the root of the job's trace: its enqueue, the worker's run, progress and outcome are its descendants.
    await inSpan(`${request.method ?? 'GET'} /api/jobs/bigdata`, { kind: SpanKind.SERVER }, (span, trace) => upload(request, response, url, span, trace));
    return true;
  };

  async function upload(request: IncomingMessage, response: ServerResponse, url: URL, span: Span, trace: TraceCarrier | undefined): Promise<void> {
    try {
      if (request.method !== 'POST') {
        sendJson(response, 405, { error: { code: 'invalid_input', message: 'use POST' } }, { allow: 'POST' });
        return;
      }
      requireSameOrigin(request, config.allowedOrigins, config.trustedProxies);
      const owner = await requestOwner(request, owners, 'so the result can reach you');
      const name = datasetName(url.searchParams.get('name'));
      const chunks = readChunks(request, MAX_CSV_BYTES, 'the CSV file', DATASET_CHUNK_BYTES);
      const declared = Number(request.headers['content-length'] ?? NaN);
      const reserveBytes = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, MAX_CSV_BYTES) : MAX_CSV_BYTES;
      if (declared > MAX_CSV_BYTES) throw new PayloadTooLarge('the CSV file', declared, MAX_CSV_BYTES);
      const leave = gate.enter(owner.address);
      try {
        await rate.take(owner.address);
        const services = { ...appInTrace(options.app, trace), layer: layerInTrace(options.layer(), trace) };
        const jobId = await submitUpload(services, { owner, name, reserveBytes, chunks: checkedCsv(chunks) });
        span.setAttribute('switchyard.job', jobId);
        sendJson(response, 202, { jobId });
      } finally {
        leave();
      }
    } catch (error) {
      request.resume();
      sendError(response, error, 'job upload');
    }
  }
}

/** The dataset's label from `?name=`: text (no NUL, no unpaired surrogates), cut to 200 characters. */
function datasetName(given: string | null): string {
  const parsed = textSchema.safeParse(given ?? '');
  if (!parsed.success) throw InvalidInput.fromZod('the name parameter', parsed.error);
  // Cut by code points, so a cut never leaves half a surrogate pair.
  return Array.from(parsed.data).slice(0, 200).join('') || 'pasted data';
}

// The body as stored, after a cheap check of its start: empty bodies and binary
// files (NUL bytes in the first 64 KiB) are refused, before the first chunk is
// stored; everything else is parsed, and refused with the row, by the worker.
async function* checkedCsv(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of chunks) {
    if (size === 0 && chunk.subarray(0, 65_536).includes(0)) throw new InvalidInput('the file is binary, not a CSV text file');
    size += chunk.length;
    yield chunk;
  }
  if (size === 0) throw new InvalidInput('the file is empty; a CSV needs a header row and data rows');
}
