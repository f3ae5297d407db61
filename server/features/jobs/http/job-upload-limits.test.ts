import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../../../auth/index.ts';
import { uploadCsv } from '../../../testing/job-client.ts';
import type { SocketCommunicator } from '../../../testing/socket-communicator.ts';
import { startTestServer } from '../../../testing/test-server.ts';
import type { TestServer } from '../../../testing/test-server.ts';

/** A /64 of the IPv6 documentation prefix no other test uses: the address the (trusted) proxy says a request came from. */
const anAddress = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
const from = (address: string) => ({ 'x-forwarded-for': address });
const csv = (bytes: number) => `n\n${'1\n'.repeat(Math.max(0, Math.floor((bytes - 2) / 2)))}`;

/**
 * What one client can make the server store through `POST /api/jobs/bigdata`.
 * No worker runs: accepted jobs stay queued, so every accepted upload keeps
 * its dataset and its slot. Servers trust one proxy, so each test speaks from
 * addresses of its own (X-Forwarded-For).
 */
describe('upload limits', () => {
  let server: TestServer | undefined;
  const owners: string[] = [];
  const start = async (env: Record<string, string>) => {
    server = await startTestServer({ TRUST_PROXY: '1', ...env });
    return server;
  };
  const connect = async (options: { cookie?: string } = {}): Promise<SocketCommunicator> => {
    const client = await (server as TestServer).connect({ namespace: '/jobs', headers: options.cookie ? { cookie: options.cookie } : {} });
    owners.push(client.replyChannel);
    return client;
  };
  /** Every dataset row and its bytes, in the whole database: a refused upload must not add to them. */
  const stored = async () => {
    const [row] = await (server as TestServer).db.$queryRaw<{ datasets: number; bytes: number }[]>`
      SELECT count(*)::int AS datasets, coalesce(sum(size), 0)::int AS bytes FROM datasets`;
    return row;
  };

  afterEach(async () => {
    if (!server) return;
    const { db } = server;
    const jobs = await db.job.findMany({ where: { replyChannel: { in: owners } }, select: { datasetId: true } });
    await db.job.deleteMany({ where: { replyChannel: { in: owners } } });
    await db.dataset.deleteMany({ where: { id: { in: jobs.flatMap((j) => (j.datasetId ? [j.datasetId] : [])) } } });
    owners.length = 0;
    await server.close();
    server = undefined;
  });

  it('checks the job cap before storing: an upload refused at the cap stores nothing', async () => {
    const { url } = await start({ JOBS_PER_CLIENT: '1' });
    const client = await connect();
    const address = anAddress();
    expect((await uploadCsv(url, client, csv(10_000), 'first.csv', from(address))).status).toBe(202);
    const before = await stored();
    const refused = await uploadCsv(url, client, csv(10_000), 'second.csv', from(address));
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(await stored()).toEqual(before);
  });

  it('holds the cap per address, so a new reply channel per handshake gets no more jobs; logged-in users keep their own cap', async () => {
    const { url, db, sessions } = await start({ JOBS_PER_CLIENT: '1', JOBS_PER_ADDRESS: '2' });
    const address = anAddress();
    const upload = async (headers: Record<string, string> = {}) => (await uploadCsv(url, await connect(headers), 'a\n1\n', 'x.csv', { ...from(address), ...headers })).status;
    expect(await upload()).toBe(202);
    expect(await upload()).toBe(202);
    const before = await stored();
    const third = await uploadCsv(url, await connect(), 'a\n1\n', 'x.csv', from(address));
    expect(third).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', message: expect.stringMatching(/address/) } } });
    expect(await stored()).toEqual(before);
    expect((await uploadCsv(url, await connect(), 'a\n1\n', 'x.csv', from(anAddress()))).status).toBe(202);

    const user = await createUser(db, { username: `uploader-${randomBytes(4).toString('hex')}`, password: 'correct horse battery' });
    try {
      const { token } = await sessions.create(user.id);
      expect(await upload({ cookie: `${SESSION_COOKIE}=${token}` })).toBe(202);
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  it('deletes a cancelled job’s dataset at once', async () => {
    const { url, db } = await start({});
    const client = await connect();
    const { body } = await uploadCsv(url, client, csv(50_000), 'cancelled.csv', from(anAddress()));
    const { datasetId } = await db.job.findUniqueOrThrow({ where: { id: body.jobId ?? '' }, select: { datasetId: true } });
    expect(await client.request('job.cancel', { jobId: body.jobId })).toEqual({ ok: true, data: { cancelled: true } });
    expect(await db.dataset.count({ where: { id: datasetId ?? '' } })).toBe(0);
    expect(await db.job.findUnique({ where: { id: body.jobId ?? '' }, select: { state: true } })).toEqual({ state: 'cancelled' });
  });

  it('bounds the upload → cancel → upload loop by an upload rate per address, with Retry-After and retryAfterMs', async () => {
    const { url } = await start({ UPLOADS_PER_MINUTE: '3' });
    const client = await connect();
    const address = anAddress();
    const before = await stored();
    for (let i = 0; i < 3; i += 1) {
      const { status, body } = await uploadCsv(url, client, csv(50_000), `loop-${i}.csv`, from(address));
      expect(status).toBe(202);
      expect((await client.request('job.cancel', { jobId: body.jobId })).ok).toBe(true);
    }
    const refused = await uploadCsv(url, client, csv(50_000), 'loop-3.csv', from(address));
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } } });
    expect(refused.body.error?.retryAfterMs).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(await stored()).toEqual(before);
    expect((await uploadCsv(url, client, 'a\n1\n', 'other.csv', from(anAddress()))).status).toBe(202);
  });

  it('caps the bytes anonymous uploads keep stored, per address and in total', async () => {
    const { url, db, sessions } = await start({ ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS: '100000', ANONYMOUS_UPLOAD_BYTES_TOTAL: '150000' });
    const [a, b, c] = [anAddress(), anAddress(), anAddress()];
    expect((await uploadCsv(url, await connect(), csv(60_000), 'a1.csv', from(a))).status).toBe(202);
    let before = await stored();
    const overAddress = await uploadCsv(url, await connect(), csv(60_000), 'a2.csv', from(a));
    expect(overAddress).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', message: expect.stringMatching(/log in/) } } });
    expect(await stored()).toEqual(before);

    expect((await uploadCsv(url, await connect(), csv(60_000), 'b1.csv', from(b))).status).toBe(202);
    before = await stored();
    const overTotal = await uploadCsv(url, await connect(), csv(60_000), 'c1.csv', from(c));
    expect(overTotal).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(await stored()).toEqual(before);

    // Logged-in users' uploads are not anonymous storage.
    const user = await createUser(db, { username: `storer-${randomBytes(4).toString('hex')}`, password: 'correct horse battery' });
    try {
      const { token } = await sessions.create(user.id);
      const cookie = `${SESSION_COOKIE}=${token}`;
      expect((await uploadCsv(url, await connect({ cookie }), csv(60_000), 'u.csv', { ...from(a), cookie })).status).toBe(202);
    } finally {
      await db.job.deleteMany({ where: { userId: user.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });

  it('bounds uploads in flight per address and in total; a slow upload’s slot comes back when it ends', async () => {
    const { url, db } = await start({ UPLOADS_IN_FLIGHT: '2', UPLOADS_IN_FLIGHT_PER_ADDRESS: '1' });
    const [a, b, c] = [anAddress(), anAddress(), anAddress()];
    const uploader = await connect();
    const slowA = await slowUpload(url, uploader, a, db);
    // An upload still being received holds its slot but is no job of its owner's yet.
    expect(await uploader.request('job.list', {})).toEqual({ ok: true, data: { jobs: [] } });
    const sameAddress = await uploadCsv(url, await connect(), 'a\n1\n', 'x.csv', from(a));
    expect(sameAddress).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } } });
    const slowB = await slowUpload(url, await connect(), b, db);
    expect(await uploadCsv(url, await connect(), 'a\n1\n', 'x.csv', from(c))).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    slowA.abort();
    slowB.abort();
    await expect.poll(async () => (await uploadCsv(url, await connect(), 'a\n1\n', 'x.csv', from(a))).status, { timeout: 5000 }).toBe(202);
  });

  it('leaves nothing stored from a refused or failed upload', async () => {
    const { url, db } = await start({});
    const before = await stored();
    const address = anAddress();
    const client = await connect();
    expect((await uploadCsv(url, client, '', 'empty.csv', from(address))).status).toBe(400);
    expect((await uploadCsv(url, client, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'sheet.xlsx', from(address))).status).toBe(400);
    expect(await chunkedUpload(url, client, address, 21 * 1024 * 1024)).toBe(413);
    const aborted = await slowUpload(url, await connect(), address, db);
    aborted.abort();
    await expect.poll(stored, { timeout: 5000 }).toEqual(before);
    expect(await db.job.count({ where: { replyChannel: { in: owners } } })).toBe(0);
  });
});

/**
 * Starts an upload that declares 100 kB, sends a few bytes and stalls, and
 * resolves once the server has recorded its job (the slot is taken).
 */
async function slowUpload(url: string, client: SocketCommunicator, address: string, db: TestServer['db']) {
  const request = httpRequest(`${url}/api/jobs/bigdata?name=slow.csv`, {
    method: 'POST',
    headers: { origin: url, 'x-reply-token': client.replyToken, 'content-type': 'text/csv', 'content-length': '100000', ...from(address) },
  });
  request.on('error', () => {});
  request.write('n\n1\n');
  await expect.poll(() => db.job.count({ where: { replyChannel: client.replyChannel } }), { timeout: 5000 }).toBe(1);
  return { abort: () => request.destroy() };
}

/** Streams `bytes` of CSV with chunked transfer encoding (no Content-Length) and resolves with the status. */
function chunkedUpload(url: string, client: SocketCommunicator, address: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/api/jobs/bigdata?name=huge.csv`, {
      method: 'POST',
      headers: { origin: url, 'x-reply-token': client.replyToken, 'content-type': 'text/csv', 'transfer-encoding': 'chunked', ...from(address) },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    const piece = Buffer.from('1\n'.repeat(32_768));
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', pump);
      }
      request.end();
    };
    request.write('n\n');
    pump();
  });
}
