import { defineConfig, devices } from '@playwright/test';
import { E2E_BASE_URL, E2E_ENV, E2E_PORT, E2E_SECOND_BASE_URL } from './e2e/e2e-env.ts';

// Debian's Chromium by default (Playwright's own browsers are not downloadable
// everywhere). Set PLAYWRIGHT_CHROMIUM_PATH to use another binary, or to an
// empty string to use the browser `npx playwright install` put in place.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

// The e2e worker's metrics port (next to the server's): Playwright waits for /metrics to answer before running the tests.
const E2E_WORKER_METRICS_PORT = E2E_PORT + 90;

/**
 * Browser tests: a real Chromium against the real interface server (Next.js
 * pages + Socket.IO) and a real worker process, on real Redis and PostgreSQL.
 * The pages must be built first (`next build`; `npm test` does it): the
 * server runs in production mode.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // No retries: a flaky test is a bug to fix, not to hide.
  retries: 0,
  workers: 2,
  // A hang guard, not a speed check: a test takes 3–20 s here, and up to twice that on a slower or busier host.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath || undefined,
      // Without the background-networking flags Chromium floods a closed network with refused connections.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      // Migrate the e2e database first: Playwright starts the web server before any globalSetup.
      command: 'node_modules/.bin/tsx prisma/migrate.ts && node_modules/.bin/tsx server/main.ts',
      url: `${E2E_BASE_URL}/healthz`,
      env: { ...E2E_ENV },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      // Server errors show up in the test output; its routine stdout does not.
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      // A second interface server on the same Redis and database, started after the first (so after the
      // migrations): e2e/scale-out.spec.ts puts people on different servers.
      command: 'node_modules/.bin/tsx server/main.ts',
      url: `${E2E_SECOND_BASE_URL}/healthz`,
      env: { ...E2E_ENV, PORT: String(E2E_PORT + 1) },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      // A worker for every channel (bigdata.process, report.render), started after the server (so after
      // the migrations). It has no URL of its own: it is ready when its metrics endpoint answers.
      command: 'node_modules/.bin/tsx workers/main.ts',
      url: `http://127.0.0.1:${E2E_WORKER_METRICS_PORT}/metrics`,
      env: { ...E2E_ENV, WORKER_METRICS_PORT: String(E2E_WORKER_METRICS_PORT) },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
