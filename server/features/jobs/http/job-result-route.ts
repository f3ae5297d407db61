import type { Database } from '../../../../prisma/client.ts';
import { Forbidden, InvalidInput } from '../../../errors.ts';
import type { HttpRoute } from '../../../http/http-route.ts';
import { jobResultJson } from '../job-result.ts';
import { createReplyChannelSigner } from '../../../layer/reply-channel-token.ts';
import { isAllowedOrigin } from '../../../middleware/origin.ts';
import type { SessionLookup } from '../../../middleware/session-auth.ts';
import { recordIdSchema } from '../../../protocol/fields.ts';
import { shareTokenSchema } from '../jobs-protocol.ts';
import { requestOwner } from '../../../http/request-owner.ts';
import type { ResultDownloadLimit } from './result-download-limit.ts';
import { sendError } from '../../../http/send-error.ts';
import { sendJson } from '../../../http/send-json.ts';
import { createVisitorCookies } from '../../../http/visitor-cookie.ts';

/** Dependencies of the job result download. */
export type JobResultRouteOptions = {
  db: Database;
  secretKey: string;
  allowedOrigins: readonly string[];
  /** See TRUST_PROXY: whether X-Forwarded-Host/Proto count for the origin check. */
  trustedProxies: number;
  lookupSession: SessionLookup;
  sessionCookie: string;
  limit: ResultDownloadLimit;
};

const PATH = /^\/api\/jobs\/([^/]+)\/result$/;

/**
 * `GET /api/jobs/<jobId>/result` (`jobResultPath`): the result of one of the
 * client's completed jobs, as JSON; how a result too large for a message
 * reaches its client (`job.completed` and `job.get` name it by its size).
 * Access is `job.get`'s: the logged-in user's jobs (session cookie), else
 * the browser's (`sy_visitor` cookie), else the tab's, named by the
 * `x-reply-token` header that every request must carry (a page of another
 * origin cannot add it); or a job shared with the token in `x-share-token`.
 * Anything else is `not_found`; more than RESULT_DOWNLOADS_PER_MINUTE downloads a minute,
 * `rate_limited`.
 */
export function jobResultRoute(options: JobResultRouteOptions): HttpRoute {
  const owners = { signer: createReplyChannelSigner(options.secretKey), lookupSession: options.lookupSession, sessionCookie: options.sessionCookie, visitors: createVisitorCookies({ secretKey: options.secretKey, trustedProxies: options.trustedProxies }), trustedProxies: options.trustedProxies };
  return async (request, response) => {
    const match = PATH.exec(new URL(request.url ?? '/', 'http://local').pathname);
    if (!match) return false;
    try {
      if (request.method !== 'GET') {
        sendJson(response, 405, { error: { code: 'invalid_input', message: 'use GET' } }, { allow: 'GET' });
        return true;
      }
      if (!isAllowedOrigin(request, options.allowedOrigins, options.trustedProxies)) throw new Forbidden('job results are not served to pages of other origins');
      const jobId = recordIdSchema.safeParse(match[1]);
      if (!jobId.success) throw InvalidInput.fromZod('the job id', jobId.error);
      const owner = await requestOwner(request, owners, 'to show whose job this is');
      const share = shareOf(request.headers['x-share-token']);
      await options.limit.take(owner);
      const json = await jobResultJson(options.db, { owner, share }, jobId.data);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(json.length), 'cache-control': 'no-store' });
      response.end(json);
    } catch (error) {
      sendError(response, error, 'job result download');
    }
    return true;
  };
}

/** The `x-share-token` header's token, if it has one. */
function shareOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = shareTokenSchema.safeParse(header);
  if (!parsed.success) throw InvalidInput.fromZod('the x-share-token header', parsed.error);
  return parsed.data;
}
