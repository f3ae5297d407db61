import type { SessionStore } from '../auth/index.ts';
import type { Database } from '../../prisma/client.ts';
import type { AppServices } from '../app-services.ts';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import type { InterfaceServer } from '../interface-server.ts';
import { startApp } from '../start-app.ts';
import { LOOPBACK_TEST_LIMITS } from './loopback-test-limits.ts';
import { SocketCommunicator } from './socket-communicator.ts';
import type { ConnectOptions } from './socket-communicator.ts';
import { testDatabaseUrl } from './test-database.ts';
import { uniquePrefix } from './test-prefixes.ts';
import { app } from '../features/index.ts';

/** A real interface server (no pages) started inside the test process, on a free loopback port. */
export type TestServer = {
  readonly url: string;
  readonly config: Config;
  readonly server: InterfaceServer;
  readonly db: Database;
  readonly sessions: SessionStore;
  readonly app: AppServices;
  /** Connects a real socket.io client to this server. */
  connect(options?: ConnectOptions): Promise<SocketCommunicator>;
  /** Shuts the server down and closes its connections. */
  close(): Promise<void>;
};

// Defined in test-prefixes.ts, which the vitest setup file loads without the app; specs import it from here too.
export { uniquePrefix };

/** The environment of a test server: loopback, port 0, the test database, a unique Redis prefix; `env` overrides. */
export function testEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: testDatabaseUrl(),
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...LOOPBACK_TEST_LIMITS,
    ...env,
    // Issued only when used: each issued prefix is searched for queues after the file.
    REDIS_PREFIX: env.REDIS_PREFIX ?? uniquePrefix(),
  };
}

/** Starts the application's interface server (no pages), exactly as production assembles it. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig(testEnv(env));
  const running = await startApp(config, app);
  const clients: SocketCommunicator[] = [];
  return {
    url: running.server.url,
    config,
    server: running.server,
    db: running.db,
    sessions: running.sessions,
    app: running.app,
    async connect(options) {
      const client = await SocketCommunicator.connect(running.server.url, options);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await running.stop();
    },
  };
}
