import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code they specify (`*.test.ts`);
// Playwright specs in e2e/ are not vitest's.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'fuzz/**/*.test.ts', 'drills/**/*.test.ts', 'harness/**/*.test.ts', 'tools/**/*.test.ts', 'client/**/*.test.ts', 'clients/**/*.test.ts', 'workers/**/*.test.ts', 'prisma/**/*.test.ts', 'bin/**/*.test.ts', 'app/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: ['server/testing/global-setup.ts', 'harness/redis-cluster/vitest-global-setup.ts'],
    fileParallelism: false,
  },
});
