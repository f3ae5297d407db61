import type { SocketCommunicator } from './socket-communicator.ts';

/** A reply-channel message as a test sees it. */
export type ReplyMessage = { seq: number; event: string; payload: Record<string, unknown> };

/**
 * Uploads a CSV for `bigdata.process` as the browser does: same origin, the
 * client's reply token; `headers` adds to them (a session `cookie`, an
 * `x-forwarded-for` for a server started with TRUST_PROXY).
 */
export async function uploadCsv(
  serverUrl: string,
  client: Pick<SocketCommunicator, 'replyToken'>,
  csv: string | Buffer,
  name = 'data.csv',
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${serverUrl}/api/jobs/bigdata?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { origin: serverUrl, 'x-reply-token': client.replyToken, 'content-type': 'text/csv', ...headers },
    body: typeof csv === 'string' ? csv : new Uint8Array(csv),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { jobId?: string; error?: { code: string; message: string; retryAfterMs?: number } },
  };
}

/** Reply-channel messages received until one named `last` arrives. */
export async function repliesUntil(client: SocketCommunicator, last: string, timeoutMs = 20_000): Promise<ReplyMessage[]> {
  const messages: ReplyMessage[] = [];
  for (;;) {
    const message = await client.receive<ReplyMessage>('reply.message', timeoutMs);
    messages.push(message);
    if (message.event === last) return messages;
  }
}

/** A CSV of `rows` rows and four mixed columns, for jobs that should run a while. */
export function generatedCsv(rows: number): string {
  const lines = ['id,value,flag,label'];
  for (let i = 0; i < rows; i += 1) lines.push(`${i},${(i * 2.5) % 997},${i % 3 === 0},item${i % 101}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A CSV of `columns` text columns and `rows` rows of distinct 40-character
 * values: every column lists 20 top values, so its result is far larger than
 * one message (200 × 30: about 160 KB of JSON, from a 240 KB file).
 */
export function wideCsv(columns = 200, rows = 30): string {
  const names = Array.from({ length: columns }, (_, c) => `column_${c}`);
  const lines = Array.from({ length: rows }, (_, r) => names.map((_, c) => `value ${r} of column ${c}`.padEnd(40, '.')).join(','));
  return `${names.join(',')}\n${lines.join('\n')}\n`;
}
