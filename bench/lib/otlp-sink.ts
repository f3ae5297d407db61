import { createServer } from 'node:http';

/** A local OTLP/HTTP endpoint that accepts and discards spans, so a bench can run servers with tracing on. */
export type OtlpSink = { url: string; posts: () => number; close(): Promise<void> };

/** Starts the sink on a free loopback port; it answers every POST with 200 once the body is read, and counts them. */
export async function startOtlpSink(): Promise<OtlpSink> {
  let posts = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      posts += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    posts: () => posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sampling ratio benches trace at: what a busy production deployment would record. */
export const BENCH_TRACE_RATIO = '0.01';
