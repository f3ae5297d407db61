import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkerQueues } from '../layer/worker-queues.ts';
import type { SessionLookup } from '../middleware/session-auth.ts';
import type { HttpRoute } from './http-route.ts';
import { requireSameOrigin } from '../middleware/origin.ts';
import { sendError } from './send-error.ts';
import { sendJson } from './send-json.ts';
import { sessionTokenOf } from './session-token.ts';
import { logger } from '../log/logger.ts';

const log = logger.child({ module: 'queue-dashboard' });

const BASE_PATH = '/admin/queues';

type Board = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Bull Board's Express app. Imported on the first staff request, not at
 * start: Express and Bull Board weigh about 11 MB of an interface server's
 * memory, and most processes never serve the dashboard (docs/performance.md).
 */
async function loadBoard(queues: WorkerQueues): Promise<Board> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }, { default: express }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
    import('express'),
  ]);
  const adapter = new ExpressAdapter().setBasePath(BASE_PATH);
  createBullBoard({ queues: queues.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter: adapter });
  const app = express();
  app.use(BASE_PATH, adapter.getRouter());
  return app as unknown as Board;
}

/**
 * The operators' queue dashboard (Bull Board) at /admin/queues, for staff
 * only: anonymous visitors are sent to the login page, other users get 403.
 * Its API changes queues (retry, clean, pause, obliterate): requests other
 * than GET and HEAD must come from an allowed origin (CSRF), whoever's cookie they carry.
 */
export function queueDashboard(options: {
  queues: WorkerQueues;
  lookupSession: SessionLookup;
  sessionCookie: string;
  allowedOrigins: readonly string[];
  /** See TRUST_PROXY: whether X-Forwarded-Host/Proto count in the origin check. */
  trustedProxies: number;
}): HttpRoute {
  let board: Promise<Board> | undefined;

  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (path !== BASE_PATH && !path.startsWith(`${BASE_PATH}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      try {
        requireSameOrigin(request, options.allowedOrigins, options.trustedProxies);
      } catch (error) {
        sendError(response, error, 'queue dashboard');
        return true;
      }
    }
    const token = sessionTokenOf(request, options.sessionCookie);
    const user = token ? await options.lookupSession(token) : null;
    if (!user) {
      response.writeHead(303, { location: `/login?next=${encodeURIComponent(BASE_PATH)}`, 'cache-control': 'no-store' });
      response.end();
      return true;
    }
    if (!user.isStaff) {
      sendJson(response, 403, { error: { code: 'forbidden', message: 'the queue dashboard is for staff' } });
      return true;
    }
    board ??= loadBoard(options.queues);
    const serve = await board;
    await new Promise<void>((resolve) => {
      response.once('close', resolve);
      serve(request, response, (error) => {
        if (error) log.error({ err: error }, 'queue dashboard failed');
        if (!response.headersSent) sendJson(response, 404, { error: { code: 'not_found', message: 'no such dashboard page' } });
        resolve();
      });
    });
    return true;
  };
}
