import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The import rules of docs/architecture.md, enforced (tools/lint/import-rules.test.ts shows each one failing).
const TESTS = ['**/*.test.ts', '**/testing/**'];
const TOOLING = ['**/drills/**', '**/fuzz/**', '**/bench/**', '**/harness/**', '**/tools/**', '**/e2e/**', '**/clients/**', '**/testing/**'];
const restrict = (group, message) => ['error', { patterns: [{ group, message }] }];
// Production code: where logs go through the logger (server/log/) and a command's own output through bin/print.ts.
const PRODUCTION = ['server/**/*.ts', 'workers/**/*.ts', 'prisma/**/*.ts', 'bin/**/*.ts', 'client/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'];
const OUTPUT_WRITERS = [
  'server/log/**', // the logger's destination
  'server/closed-output.ts', // keeps the process alive when the reader of its output is gone
  'bin/print.ts', // a command's result line and its failure message
  'prisma/migrate.ts', // `tsx prisma/migrate.ts` and `tsx prisma/ensure-database.ts` (npm run setup): a command's output
  'prisma/ensure-database.ts',
];
const stdStream = (property) => ({ object: 'process', property, message: 'log with server/log/logger.ts; a command prints its result with bin/print.ts' });

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'prisma/generated/', 'next-env.d.ts', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'off',
    },
  },
  {
    // Logs are structured (server/log/logger.ts), the browser's go through the client's `log` option; tests and tooling may print.
    files: PRODUCTION,
    ignores: TESTS,
    rules: { 'no-console': 'error' },
  },
  {
    files: ['client/client-log.ts'],
    rules: { 'no-console': 'off' }, // the client's default log is the console: the one place that writes to it
  },
  {
    files: PRODUCTION,
    ignores: [...TESTS, ...OUTPUT_WRITERS],
    rules: { 'no-restricted-properties': ['error', stdStream('stdout'), stdStream('stderr')] },
  },
  {
    files: ['server/**/*.ts', 'prisma/**/*.ts', 'bin/**/*.ts'],
    ignores: [...TESTS, 'server/protocol/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...TOOLING, '**/app/**', '**/workers/**'],
        'production code imports no tests, tooling or pages, and the server never imports workers/ (docs/architecture.md#import-rules)',
      ),
    },
  },
  {
    files: ['workers/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': restrict([...TOOLING, '**/app/**'], 'workers import no tests, tooling or pages (docs/architecture.md#import-rules)') },
  },
  {
    files: ['server/protocol/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': restrict(['../**'], 'server/protocol/ imports nothing of the project but itself: every client shares it (docs/architecture.md#import-rules)') },
  },
  {
    files: ['client/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': restrict(['../*', '!../server', '../server/*', '!../server/protocol'], 'client/ imports only server/protocol/: it runs in any JavaScript runtime (docs/architecture.md#import-rules)'),
    },
  },
);
