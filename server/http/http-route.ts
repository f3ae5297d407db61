import type { IncomingMessage, ServerResponse } from 'node:http';

/** An HTTP handler that returns false when the request is not its own. */
export type HttpRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean> | boolean;
