import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The import-rule messages ESLint gives a file at `path` that imports `specifier`. */
async function violations(path: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import '${specifier}';\n`, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/**
 * The import rules of docs/architecture.md, as `npm run lint` enforces them:
 * "each forbidden import fails the lint with a message naming the rule, and
 * the allowed one beside it passes".
 */
describe('import rules', () => {
  it.each([
    ['production code imports no tooling', 'server/http/example.ts', '../../drills/run-drills.ts'],
    ['production code imports no test helpers', 'server/http/example.ts', '../testing/test-server.ts'],
    ['production code imports no benches', 'workers/example.ts', '../bench/lib/stats.ts'],
    ['production code imports no pages', 'server/example.ts', '../app/_server/page-database.ts'],
    ['the server never imports workers/', 'server/features/jobs/example.ts', '../../../workers/worker-pool.ts'],
    ["the kit's test API imports no tooling", 'server/testing/example.ts', '../../bench/lib/stats.ts'],
    ['server/protocol/ imports nothing of the project but itself', 'server/protocol/example.ts', '../config.ts'],
    ['client/ imports only server/protocol/', 'client/example.ts', '../server/config.ts'],
    ['client/ imports no pages', 'client/example.ts', '../app/_realtime/index.ts'],
    ['the kit never imports a feature', 'server/layer/example.ts', '../features/chat/chat-services.ts'],
    ["a feature's protocol imports only protocol files", 'server/features/chat/chat-protocol.ts', './chat-services.ts'],
    ["a feature's protocol imports no kit code", 'server/features/chat/chat-protocol.ts', '../../config.ts'],
    ['prisma/ imports nothing of server/', 'prisma/example.ts', '../server/config.ts'],
  ])('%s: %s importing %s fails', async (_rule, path, specifier) => {
    expect(await violations(path, specifier)).toEqual([expect.stringContaining('docs/architecture.md#import-rules')]);
  });

  it.each([
    ['the server imports its own modules', 'server/http/example.ts', '../errors.ts'],
    ['workers import the server', 'workers/example.ts', '../server/layer/worker-queues.ts'],
    ['client/ imports server/protocol/', 'client/example.ts', '../server/protocol/index.ts'],
    ['a feature imports the kit', 'server/features/chat/example.ts', '../../layer/channel-layer.ts'],
    ['an entry point imports the registered application', 'server/serve.ts', './features/index.ts'],
    ["a feature's protocol imports server/protocol/ and other protocol files", 'server/features/jobs/jobs-protocol.ts', './bigdata-protocol.ts'],
    ['tests import test helpers', 'server/http/example.test.ts', '../testing/test-server.ts'],
    ['tooling imports anything', 'drills/example.ts', '../server/testing/test-server.ts'],
    ["benches spawn processes with the kit's test API", 'bench/lib/example.ts', '../../server/testing/switchyard-process.ts'],
  ])('%s: %s importing %s passes', async (_rule, path, specifier) => {
    expect(await violations(path, specifier)).toEqual([]);
  });
});
