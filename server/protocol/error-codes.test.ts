import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../auth/index.ts';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { startTcpProxy } from '../testing/tcp-proxy.ts';
import { startTestServer } from '../testing/test-server.ts';
import type { TestServer } from '../testing/test-server.ts';
import { ERROR_CODES, wireErrorSchema } from './errors.ts';
import type { ErrorCode } from './errors.ts';

type Answer = { ok: boolean; error?: unknown };

/** An empty (never migrated) database of its own: every query fails in a way that is not PostgreSQL being away. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(testDatabaseUrl());
  const name = `switchyard_unmigrated_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base.toString() });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * The error codes on the wire: "every code the protocol declares is one a
 * client can meet, each provoked here against a real server the way a
 * client meets it, and each answer is a well-formed wire error".
 */
describe('every error code of the protocol, provoked', () => {
  const run = randomBytes(3).toString('hex');
  let server: TestServer;
  let staffCookie = '';
  let userCookie = '';

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_SECOND: '5' });
    const cookieOf = async (username: string, isStaff: boolean) => {
      const user = await createUser(server.db, { username, password: 'correct horse battery', isStaff });
      return `${SESSION_COOKIE}=${(await server.sessions.create(user.id)).token}`;
    };
    staffCookie = await cookieOf(`codes-staff-${run}`, true);
    userCookie = await cookieOf(`codes-user-${run}`, false);
  });
  afterAll(async () => {
    await server?.db.liveblog.deleteMany({ where: { slug: `codes-${run}` } });
    await server?.close();
  });

  /** Each code and how a client meets it; the record's type makes a new code fail to compile until it has a case. */
  const provoke: Record<ErrorCode, () => Promise<Answer>> = {
    invalid_input: async () => (await server.connect()).request('connection.ping', { sentAt: 'now' }),
    unknown_event: async () => (await server.connect()).request('no.such-event', {}),
    payload_too_large: async () => (await server.connect()).request('connection.ping', { sentAt: 1, padding: 'x'.repeat(70_000) }),
    rate_limited: async () => {
      const client = await server.connect();
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => client.request('connection.ping', { sentAt: i })));
      return answers.at(-1)!;
    },
    unauthorized: async () => (await server.connect()).request('announcement.post', { text: 'anonymous' }),
    forbidden: async () => (await server.connect({ headers: { cookie: userCookie } })).request('announcement.post', { text: 'not staff' }),
    not_found: async () => (await server.connect({ namespace: '/liveblog' })).request('liveblog.follow', { slug: `missing-${run}` }),
    conflict: async () => {
      const staff = await server.connect({ namespace: '/liveblog', headers: { cookie: staffCookie } });
      await staff.request('liveblog.create', { slug: `codes-${run}`, title: 'First' });
      return staff.request('liveblog.create', { slug: `codes-${run}`, title: 'Second' });
    },
    unavailable: async () => {
      // PostgreSQL goes away under a running server: its pool's connections break and new ones are refused.
      const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(testDatabaseUrl()).port || 5432) });
      const url = new URL(testDatabaseUrl());
      url.port = String(proxy.port);
      const cut = await startTestServer({ DATABASE_URL: url.toString() });
      try {
        const reader = await cut.connect({ namespace: '/liveblog' });
        await proxy.close();
        return await reader.request('liveblog.follow', { slug: `any-${run}` });
      } finally {
        await cut.close();
      }
    },
    internal: async () => {
      // A fault that is the server's own: its database was never migrated (the error is logged; the client learns nothing more).
      const empty = await emptyDatabase();
      const broken = await startTestServer({ DATABASE_URL: empty.url });
      try {
        return await (await broken.connect({ namespace: '/liveblog' })).request('liveblog.follow', { slug: `any-${run}` });
      } finally {
        await broken.close();
        await empty.drop();
      }
    },
  };

  it.each([...ERROR_CODES])('%s', { timeout: 30_000 }, async (code) => {
    const answer = await provoke[code]();
    expect(answer).toMatchObject({ ok: false, error: { code } });
    const error = wireErrorSchema.strict().parse(answer.error);
    expect(error.message.length).toBeGreaterThan(0);
    if (code === 'rate_limited') expect(error.retryAfterMs).toBeGreaterThan(0);
    if (code === 'invalid_input') expect(error.issues?.map((issue) => issue.path)).toEqual(['sentAt']);
  });
});
