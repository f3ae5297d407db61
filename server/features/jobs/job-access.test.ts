import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR_COOKIE } from '../../http/visitor-cookie.ts';
import { jobResultPath } from './jobs-protocol.ts';
import { uploadCsv } from '../../testing/job-client.ts';
import type { SocketCommunicator } from '../../testing/socket-communicator.ts';
import { startTestServer } from '../../testing/test-server.ts';
import type { TestServer } from '../../testing/test-server.ts';

const run = randomBytes(4).toString('hex');
const RESULT = { markdown: '# shared.csv\n', bytes: 14 };

/**
 * Spec: a visitor who is not logged in owns its jobs as a browser, not as a
 * tab: a browser's first handshake gets a signed `sy_visitor` cookie, and
 * every tab (connection, reply channel) that presents it sees the same jobs.
 * A job reaches anyone else only through its share link's token, which its
 * owner creates and can revoke; knowing the job's id is never enough.
 */
describe('who sees a job', () => {
  let server: TestServer;
  beforeAll(async () => {
    // No worker runs here: the uploaded jobs stay queued, and every test's count against the address.
    server = await startTestServer({ JOBS_PER_ADDRESS: '50' });
  });
  afterAll(async () => {
    await server.db.job.deleteMany({ where: { label: { endsWith: run } } });
    await server.close();
  });

  /** The Set-Cookie a browser's first handshake is given: a real WebSocket upgrade request, with an Origin as browsers send. */
  const handshakeSetCookie = () =>
    new Promise<string>((resolve, reject) => {
      const upgrade = request(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), origin: server.url },
      });
      upgrade.on('upgrade', (response, socket) => {
        socket.destroy();
        resolve(response.headers['set-cookie']?.[0] ?? '');
      });
      upgrade.on('response', (response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
      upgrade.on('error', reject);
      upgrade.end();
    });
  /** The cookie a browser sends after its first handshake. */
  const browserCookie = async () => (await handshakeSetCookie()).split(';')[0] ?? '';
  const tab = (cookie?: string) => server.connect({ namespace: '/jobs', headers: { origin: server.url, ...(cookie ? { cookie } : {}) } });
  const upload = async (client: SocketCommunicator, cookie: string) => {
    const { status, body } = await uploadCsv(server.url, client, 'a,b\n1,2\n', `data-${run}`, { cookie });
    expect(status).toBe(202);
    return body.jobId ?? '';
  };
  const completed = (owner: { visitorId?: string; replyChannel: string }) =>
    server.db.job.create({
      data: { id: randomUUID(), channel: 'report.render', replyChannel: owner.replyChannel, visitorId: owner.visitorId ?? null, label: `report-${run}`, input: { sourceJobId: 'none' }, state: 'completed', fraction: 1, result: RESULT },
      select: { id: true },
    });

  it('gives a browser’s first handshake a signed visitor cookie (httpOnly, SameSite=Lax, a year), and a client without an Origin none', async () => {
    const setCookie = await handshakeSetCookie();
    expect(setCookie).toMatch(new RegExp(`^${VISITOR_COOKIE}=[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax$`));
    const upgrade = setCookie.split(';')[0] ?? '';
    const withCookie = await tab(upgrade);
    const anonymousNode = await server.connect({ namespace: '/jobs' });
    // The same browser keeps its visitor: a second tab's jobs are the first tab's.
    const job = await upload(withCookie, upgrade);
    expect((await server.db.job.findUniqueOrThrow({ where: { id: job } })).visitorId).toBe(upgrade.split('=')[1]?.split('.')[0]);
    expect(await anonymousNode.request('job.get', { jobId: job })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows a visitor’s job to its other tabs — list, job.get and the result download — and to no other browser', async () => {
    const cookie = await browserCookie();
    const [first, second, stranger] = [await tab(cookie), await tab(cookie), await tab(await browserCookie())];
    expect(first.replyChannel).not.toBe(second.replyChannel);
    const jobId = await upload(first, cookie);
    expect(await second.request('job.get', { jobId })).toMatchObject({ ok: true, data: { job: { jobId, label: `data-${run}` }, access: 'owner', shareToken: null } });
    expect(await second.request('job.list', {})).toMatchObject({ ok: true, data: { jobs: [{ jobId }] } });
    expect(await stranger.request('job.get', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await stranger.request('job.cancel', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const visitorId = cookie.split('=')[1]?.split('.')[0] ?? '';
    const done = await completed({ visitorId, replyChannel: first.replyChannel });
    const download = (client: SocketCommunicator, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${jobResultPath(done.id)}`, { headers: { 'x-reply-token': client.replyToken, ...headers } });
    expect((await download(second, { cookie })).status).toBe(200);
    expect((await download(stranger)).status).toBe(404);
  });

  it('a client that sends an Origin but keeps no cookie still sees the jobs its tab uploaded', async () => {
    const forgetful = await tab();
    const { status, body } = await uploadCsv(server.url, forgetful, 'a,b\n1,2\n', `data-${run}`);
    expect(status).toBe(202);
    expect(await forgetful.request('job.get', { jobId: body.jobId })).toMatchObject({ ok: true, data: { access: 'owner' } });
    expect(await forgetful.request('job.list', {})).toMatchObject({ ok: true, data: { jobs: [{ jobId: body.jobId }] } });
    expect(await (await tab()).request('job.get', { jobId: body.jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a forged visitor cookie proves nothing', async () => {
    const cookie = await browserCookie();
    const owner = await tab(cookie);
    const jobId = await upload(owner, cookie);
    const forged = `${cookie.slice(0, -2)}xx`;
    expect(await (await tab(forged)).request('job.get', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('opens a job to anyone with its share link, to no one with its id alone, and to no one once the owner stops sharing', async () => {
    const cookie = await browserCookie();
    const [owner, stranger] = [await tab(cookie), await tab()];
    const done = await completed({ visitorId: cookie.split('=')[1]?.split('.')[0] ?? '', replyChannel: owner.replyChannel });
    const jobId = done.id;

    expect(await stranger.request('job.share', { jobId, shared: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const shared = await owner.request<{ shareToken: string }>('job.share', { jobId, shared: true });
    const token = shared.ok ? shared.data.shareToken : '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await owner.request('job.share', { jobId, shared: true })).toMatchObject({ ok: true, data: { shareToken: token } });
    expect(await owner.request('job.get', { jobId })).toMatchObject({ ok: true, data: { access: 'owner', shareToken: token } });

    expect(await stranger.request('job.get', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await stranger.request('job.get', { jobId, share: 'A'.repeat(24) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await stranger.request('job.get', { jobId, share: token })).toMatchObject({ ok: true, data: { job: { jobId, result: RESULT }, access: 'link', shareToken: null } });
    expect(await stranger.request('job.cancel', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await stranger.request('report.request', { sourceJobId: jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const download = (headers: Record<string, string>) => fetch(`${server.url}${jobResultPath(jobId)}`, { headers: { 'x-reply-token': stranger.replyToken, ...headers } });
    expect((await download({})).status).toBe(404);
    expect(await (await download({ 'x-share-token': token })).json()).toEqual(RESULT);
    expect((await download({ 'x-share-token': 'not a token' })).status).toBe(400);

    expect(await owner.request('job.share', { jobId, shared: false })).toMatchObject({ ok: true, data: { shareToken: null } });
    expect(await stranger.request('job.get', { jobId, share: token })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await download({ 'x-share-token': token })).status).toBe(404);
    const again = await owner.request<{ shareToken: string }>('job.share', { jobId, shared: true });
    expect(again.ok && again.data.shareToken).not.toBe(token);
  });
});
