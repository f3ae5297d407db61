import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The import rules of docs/architecture.md, enforced (tools/lint/import-rules.test.ts shows each one failing).
const TESTS = ['**/*.test.ts', '**/testing/**'];
const TOOLING = ['**/drills/**', '**/fuzz/**', '**/bench/**', '**/harness/**', '**/tools/**', '**/e2e/**', '**/clients/**', '**/testing/**'];
const restrict = (group, message) => ['error', { patterns: [{ group, message }] }];
const PRODUCTION = 'production code imports no tests, tooling or pages, and the server never imports workers/ (docs/architecture.md#import-rules)';
const PRISMA = 'prisma/ (schema, migrations, the client factory and the hook mechanism) imports nothing of server/ but the trace context, and no tooling or pages (docs/architecture.md#import-rules)';
const KIT = 'the kit never imports a feature: features register in server/features/index.ts, which only entry points import (docs/architecture.md#import-rules)';
// The entry points that assemble the registered application.
const ROOTS = ['server/serve.ts', 'server/main.ts', 'server/outbox-relay/relay-process.ts'];
// Production code: where logs go through the logger (server/log/) and a command's own output through bin/print.ts.
const PRODUCTION_FILES = ['server/**/*.ts', 'workers/**/*.ts', 'prisma/**/*.ts', 'bin/**/*.ts', 'client/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'];
const OUTPUT_WRITERS = [
  'server/log/**', // the logger's destination
  'server/closed-output.ts', // keeps the process alive when the reader of its output is gone
  'bin/print.ts', // a command's result line and its failure message
  'prisma/migrate.ts', // `tsx prisma/migrate.ts` and `tsx prisma/ensure-database.ts` (npm run setup): a command's output
  'prisma/ensure-database.ts',
];
const stdStream = (property) => ({ object: 'process', property, message: 'log with server/log/logger.ts; a command prints its result with bin/print.ts' });

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'prisma/generated/', 'next-env.d.ts', 'test-results/', 'playwright-report/', 'dist/'] },
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
    files: PRODUCTION_FILES,
    ignores: TESTS,
    rules: { 'no-console': 'error' },
  },
  {
    files: ['client/client-log.ts'],
    rules: { 'no-console': 'off' }, // the client's default log is the console: the one place that writes to it
  },
  {
    files: PRODUCTION_FILES,
    ignores: [...TESTS, ...OUTPUT_WRITERS],
    rules: { 'no-restricted-properties': ['error', stdStream('stdout'), stdStream('stderr')] },
  },
  {
    files: ['server/**/*.ts', 'bin/**/*.ts'],
    ignores: [...TESTS, 'server/protocol/**'],
    rules: { 'no-restricted-imports': restrict([...TOOLING, '**/app/**', '**/workers/**'], PRODUCTION) },
  },
  {
    files: ['server/**/*.ts'],
    ignores: [...TESTS, 'server/protocol/**', 'server/features/**', ...ROOTS],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...TOOLING, '**/app/**', '**/workers/**'], message: PRODUCTION }, { group: ['**/features/**'], message: KIT }] }],
    },
  },
  {
    files: ['server/features/*/*-protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Relative imports other than ../../protocol/* and ./<name>-protocol.ts.
              regex: String.raw`^\.(?!/[\w-]+-protocol\.ts$|\./\.\./protocol/[\w-]+\.ts$)`,
              message: "a feature's protocol imports only server/protocol/ and other protocol files: clients load it (docs/architecture.md#import-rules)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['prisma/**/*.ts'],
    ignores: TESTS,
    rules: {
      // Except the trace context helpers (only @opentelemetry/api): the outbox carries a write's trace to the relay.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...TOOLING, '**/app/**', '**/workers/**'], message: PRISMA },
            { regex: String.raw`(^|/)server/(?!tracing/trace-context\.ts$)`, message: PRISMA },
          ],
        },
      ],
    },
  },
  {
    files: ['server/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['**/drills/**', '**/fuzz/**', '**/bench/**', '**/harness/**', '**/tools/**', '**/e2e/**', '**/clients/**', '**/app/**'],
        "the kit's test API (server/testing/) imports no tooling or pages: tests, drills, benches and e2e build on it (docs/architecture.md#import-rules)",
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
