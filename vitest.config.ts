import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { TEST_WORKERS } from './server/testing/test-database.ts';

// Unit and integration tests live beside the code they specify (`*.test.ts`);
// Playwright specs in e2e/ are not vitest's.
const include = ['server/**/*.test.ts', 'fuzz/**/*.test.ts', 'drills/**/*.test.ts', 'harness/**/*.test.ts', 'tools/**/*.test.ts', 'client/**/*.test.ts', 'clients/**/*.test.ts', 'workers/**/*.test.ts', 'prisma/**/*.test.ts', 'bin/**/*.test.ts', 'app/**/*.test.ts'];

// Specs that move slots of the shared test cluster or count its commands per
// primary: they run alone, after the rest, so no other file's traffic meets
// a moving slot or makes their counts rise for them.
const alone = ['server/layer/slot-migration.test.ts', 'server/layer/namespace-slot-migration.test.ts', 'server/layer/pubsub-partitions.test.ts'];

const project = (name: string, settings: TestProjectInlineConfiguration['test']): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, ...settings },
});

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: ['server/testing/global-setup.ts', 'harness/redis-cluster/vitest-global-setup.ts'],
    // Each worker has a test database of its own (server/testing/test-database.ts).
    setupFiles: ['server/testing/worker-setup.ts'],
    projects: [
      project('shared', { include, exclude: alone, maxWorkers: TEST_WORKERS, sequence: { groupOrder: 0 } }),
      project('alone', { include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } }),
    ],
  },
});
