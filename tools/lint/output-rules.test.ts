import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rules ESLint reports for `code` in a file at `path`. */
async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
}

/**
 * Logging and output, as `npm run lint` enforces them: "production code
 * logs through the logger, never the console or a raw write to stdout or
 * stderr; a command prints its result through bin/print.ts; the client's
 * default log is the only console user; tests and tooling may print".
 */
describe('output rules', () => {
  it.each([
    ['server code', 'server/http/example.ts', "console.log('x');", 'no-console'],
    ['a worker', 'workers/example.ts', "console.error('x');", 'no-console'],
    ['a command', 'bin/example.ts', "console.log('x');", 'no-console'],
    ['the client', 'client/example.ts', "console.warn('x');", 'no-console'],
    ['a page', 'app/example/page.tsx', "console.log('x');", 'no-console'],
    ['a model hook', 'prisma/hooks/example.ts', "console.log('x');", 'no-console'],
    ['server code writing to stdout', 'server/example.ts', "process.stdout.write('x');", 'no-restricted-properties'],
    ['a worker writing to stderr', 'workers/example.ts', "process.stderr.write('x');", 'no-restricted-properties'],
  ])('%s (%s) may not: %s', async (_what, path, code, rule) => {
    expect(await ruleIds(path, code)).toContain(rule);
  });

  it.each([
    ['a test', 'server/http/example.test.ts', "console.log('x');"],
    ['a test helper', 'server/testing/example.ts', "console.log('x');"],
    ['a drill', 'drills/example.ts', "console.log('x'); process.stderr.write('x');"],
    ['a bench', 'bench/example.ts', "console.log('x');"],
    ['the client’s default log', 'client/client-log.ts', "console.warn('x');"],
    ['the command printer', 'bin/print.ts', "process.stdout.write('x');"],
    ['the logger', 'server/log/example.ts', "process.stderr.write('x');"],
  ])('%s (%s) may: %s', async (_what, path, code) => {
    expect(await ruleIds(path, code)).toEqual([]);
  });
});
