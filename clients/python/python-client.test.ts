import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, SESSION_COOKIE } from '../../server/auth/index.ts';
import { spawnWorker } from '../../server/testing/spawn-worker.ts';
import type { SwitchyardProcess } from '../../server/testing/switchyard-process.ts';
import { startTestServer } from '../../server/testing/test-server.ts';
import type { TestServer } from '../../server/testing/test-server.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Debian's Python, where apt puts python3-socketio (a python3 earlier on PATH, e.g. pyenv's, would not have it). */
const PYTHON = process.env.SWITCHYARD_PYTHON ?? '/usr/bin/python3';

/**
 * The second-language client: "a Python client written from the protocol
 * document chats, follows a liveblog with catch-up, survives a reconnect with
 * its reply channel and replay, and gets a job's progress and result" — its
 * own unittest suite (clients/python/test_switchyard_client.py), run against
 * a real interface server and worker.
 */
describe('the Python client (clients/python)', () => {
  let server: TestServer;
  let worker: SwitchyardProcess;
  let staffCookie = '';

  beforeAll(async () => {
    server = await startTestServer({ UPLOADS_PER_MINUTE: '1000', JOBS_PER_ADDRESS: '100' });
    worker = await spawnWorker(['bigdata.process'], { env: { REDIS_PREFIX: server.config.redisPrefix, DATABASE_URL: server.config.databaseUrl } });
    const staff = await createUser(server.db, { username: `py-staff-${server.config.redisPrefix.slice(-8)}`, password: 'correct horse battery', isStaff: true });
    staffCookie = `${SESSION_COOKIE}=${(await server.sessions.create(staff.id)).token}`;
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
  });

  it('passes its unittest suite against this server', { timeout: 120_000 }, async () => {
    const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        PYTHON,
        ['-m', 'unittest', '-v', 'test_switchyard_client'],
        { cwd: here, env: { ...process.env, SWITCHYARD_URL: server.url, SWITCHYARD_STAFF_COOKIE: staffCookie }, timeout: 110_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(outcome.output).toMatch(/Ran [1-9]\d* tests?/);
    expect(outcome.code, outcome.output).toBe(0);
  });
});
