import { randomBytes } from 'node:crypto';
import { createUser } from '../../server/auth/index.ts';
import type { Database } from '../../prisma/client.ts';
import { generatedCsv } from '../../server/testing/job-client.ts';
import { ask, httpFrom, inParallel, socketFrom, tally } from './addressed-client.ts';
import type { HttpAnswer } from './addressed-client.ts';
import type { AttackContext } from './attack-context.ts';

/** The error code of a refused HTTP answer, or its status. */
const codeOf = (answer: HttpAnswer) => (answer.body as { error?: { code?: string } } | null)?.error?.code ?? `HTTP ${answer.status}`;

/** Uploads `csv` from `address` with a reply token it gets from a fresh `/jobs` connection (a new reply channel each time). */
async function uploadFrom(context: AttackContext, address: string, csv: Buffer, name: string) {
  const handshake = await socketFrom(address, context.url, '/jobs');
  if ('refused' in handshake) return { outcome: `handshake ${handshake.refused}` };
  const answer = await httpFrom(address, `${context.url}/api/jobs/bigdata?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { origin: context.url, 'x-reply-token': handshake.token, 'content-type': 'text/csv', 'content-length': String(csv.length) },
    body: csv,
  });
  const jobId = (answer.body as { jobId?: string } | null)?.jobId;
  return { outcome: answer.status === 202 ? 'accepted' : codeOf(answer), jobId, socket: handshake.socket };
}

/**
 * An anonymous upload flood from one address: `count` uploads of about 1 MB,
 * `concurrency` at once, each on a new reply channel, each accepted one
 * cancelled at once (upload → cancel → upload). What it may store is bounded.
 */
export async function uploadFlood(context: AttackContext, count = 60, concurrency = 8): Promise<string> {
  const csv = Buffer.from(generatedCsv(40_000));
  const outcomes = tally();
  await inParallel(count, concurrency, async (i) => {
    const upload = await uploadFrom(context, context.attacker, csv, `flood-${i}.csv`);
    outcomes.add(upload.outcome);
    if (upload.socket && upload.jobId) await ask(upload.socket, 'job.cancel', { jobId: upload.jobId });
    upload.socket?.close();
  });
  return `${count} uploads of ${(csv.length / 1e6).toFixed(1)} MB from one address, ${concurrency} at once, each cancelled once accepted: ${outcomes}`;
}

/**
 * The CSV that used to make a worker reserve gigabytes: 1,000 header names
 * and 2 MiB of blank lines. It must be refused quickly with a clear error.
 */
export async function blankLineCsv(context: AttackContext): Promise<string> {
  const header = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',');
  const csv = Buffer.from(`${header}\n${'\n'.repeat(2 * 1024 * 1024)}`);
  const started = Date.now();
  const upload = await uploadFrom(context, context.attacker, csv, 'blank-lines.csv');
  if (!upload.socket || !upload.jobId) return `blank-line CSV refused at upload: ${upload.outcome}`;
  const socket = upload.socket;
  const outcome = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('no outcome within 60 s'), 60_000);
    socket.on('reply.message', (message: { event: string; payload: { jobId: string; code?: string; reason?: string } }) => {
      if (message.payload.jobId !== upload.jobId || (message.event !== 'job.failed' && message.event !== 'job.completed')) return;
      clearTimeout(timer);
      resolve(message.event === 'job.failed' ? `job.failed ${message.payload.code}: ${message.payload.reason}` : 'job.completed');
    });
  });
  socket.close();
  if (!outcome.startsWith('job.failed')) throw new Error(`the blank-line CSV was not refused: ${outcome}`);
  return `blank-line CSV (1,000 columns, 2 MiB of blank lines): ${outcome} after ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/**
 * A login spray from one address: `attempts` logins with made-up usernames,
 * `concurrency` at once. Then a real user logs in from another address and
 * must get in at once.
 */
export async function loginSpray(context: AttackContext, db: Database, attempts = 1000, concurrency = 20): Promise<string> {
  const username = `legit-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await createUser(db, { username, password });
  const outcomes = tally();
  const started = Date.now();
  const login = (address: string, name: string, secret: string) =>
    httpFrom(address, `${context.url}/api/session`, {
      method: 'POST',
      headers: { origin: context.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: secret }),
    });
  await inParallel(attempts, concurrency, async (i) => {
    const answer = await login(context.attacker, `guess-${i}-${randomBytes(2).toString('hex')}`, 'password123');
    outcomes.add(answer.status === 401 ? 'wrong password' : codeOf(answer));
  });
  const sprayMs = Date.now() - started;
  const legitStarted = Date.now();
  const legit = await login('127.0.0.16', username, password);
  if (legit.status !== 200) throw new Error(`the real user could not log in after the spray: ${codeOf(legit)}`);
  return `${attempts} logins with made-up usernames from one address in ${(sprayMs / 1000).toFixed(1)} s: ${outcomes}; the real user then logged in from another address in ${Date.now() - legitStarted} ms`;
}
