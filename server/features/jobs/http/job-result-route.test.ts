import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../../../auth/index.ts';
import { jobResultPath } from '../jobs-protocol.ts';
import type { SocketCommunicator } from '../../../testing/socket-communicator.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import type { TestServer } from '../../../testing/test-server.ts';

const run = randomBytes(4).toString('hex');
const RESULT = { markdown: '# numbers.csv\n', bytes: 14 };

/**
 * Spec: `GET /api/jobs/<id>/result` serves a completed job's result to its
 * owner only, with `job.get`'s rules (the logged-in user's jobs, else the
 * tab's, named by the x-reply-token header), and at most
 * RESULT_DOWNLOADS_PER_MINUTE times a minute per owner. The records are
 * written directly: what is specified is the download, not the worker.
 */
describe('job result downloads', () => {
  let server: TestServer;
  const record = (owner: { replyChannel: string; userId?: string }, state = 'completed') =>
    server.db.job.create({
      data: {
        id: randomUUID(),
        channel: 'report.render',
        replyChannel: owner.replyChannel,
        userId: owner.userId ?? null,
        label: `report-${run}`,
        input: { sourceJobId: 'none' },
        state,
        fraction: state === 'completed' ? 1 : 0.5,
        result: state === 'completed' ? RESULT : undefined,
      },
      select: { id: true },
    });
  const download = (jobId: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${server.url}${jobResultPath(jobId)}`, { method, headers });
  const as = (client: SocketCommunicator, extra: Record<string, string> = {}) => ({ 'x-reply-token': client.replyToken, ...extra });

  beforeAll(async () => {
    server = await startTestServer({ RESULT_DOWNLOADS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await server.db.job.deleteMany({ where: { label: `report-${run}` } });
    await server.db.user.deleteMany({ where: { username: { endsWith: `-${run}` } } });
    await server.close();
  });

  it('serves the owner its completed job’s result as JSON, never cached', async () => {
    const owner = await server.connect({ namespace: '/jobs' });
    const job = await record(owner);
    const response = await download(job.id, as(owner));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(RESULT);
  });

  it('answers not_found for another tab’s job, an unknown job and one still running, exactly alike', async () => {
    const [owner, other] = [await server.connect({ namespace: '/jobs' }), await server.connect({ namespace: '/jobs' })];
    const done = await record(owner);
    const running = await record(owner, 'active');
    for (const [jobId, client] of [[done.id, other], [randomUUID(), owner], [running.id, owner]] as const) {
      const response = await download(jobId, as(client));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: `you have no completed job ${jobId}` } });
    }
  });

  it('refuses requests without a valid reply token, from another origin, with a malformed id or another method', async () => {
    const owner = await server.connect({ namespace: '/jobs' });
    const job = await record(owner);
    const refusals = [
      [await download(job.id), 400, 'invalid_input'],
      [await download(job.id, { 'x-reply-token': `${owner.replyToken}x` }), 400, 'invalid_input'],
      [await download(job.id, as(owner, { origin: 'http://evil.example' })), 403, 'forbidden'],
      [await download('not a job id', as(owner)), 400, 'invalid_input'],
      [await download(job.id, as(owner), 'DELETE'), 405, 'invalid_input'],
    ] as const;
    for (const [response, status, code] of refusals) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await download(job.id, as(owner, { origin: server.url }))).status).toBe(200);
  });

  it('serves a logged-in user’s job to any tab of that user, and to no tab without the session', async () => {
    const user = await createUser(server.db, { username: `owner-${run}`, password: 'correct horse battery' });
    const cookie = `${SESSION_COOKIE}=${(await server.sessions.create(user.id)).token}`;
    const [first, second] = [await server.connect({ namespace: '/jobs', headers: { cookie } }), await server.connect({ namespace: '/jobs' })];
    const job = await record({ replyChannel: first.replyChannel, userId: user.id });
    expect((await download(job.id, as(second, { cookie }))).status).toBe(200);
    expect((await download(job.id, as(first))).status).toBe(404);
  });

  it('refuses a client past RESULT_DOWNLOADS_PER_MINUTE with rate_limited and the wait, while others still download', async () => {
    const [greedy, other] = [await server.connect({ namespace: '/jobs' }), await server.connect({ namespace: '/jobs' })];
    const job = await record(greedy);
    for (let i = 0; i < 3; i++) expect((await download(job.id, as(greedy))).status).toBe(200);
    const refused = await download(job.id, as(greedy));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/limit \(RESULT_DOWNLOADS_PER_MINUTE\); try again in \d+ s/) } });
    expect((await download((await record(other)).id, as(other))).status).toBe(200);
  });
});
