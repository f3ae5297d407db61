import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The import rules of docs/architecture.md, enforced (tools/lint/import-rules.test.ts shows each one failing).
const TESTS = ['**/*.test.ts', '**/testing/**'];
const TOOLING = ['**/drills/**', '**/fuzz/**', '**/bench/**', '**/harness/**', '**/tools/**', '**/e2e/**', '**/clients/**', '**/testing/**'];
const restrict = (group, message) => ['error', { patterns: [{ group, message }] }];
const PRODUCTION = 'production code imports no tests, tooling or pages, and the server never imports workers/ (docs/architecture.md#import-rules)';
const KIT = 'the kit never imports a feature: features register in server/features/index.ts, which only entry points import (docs/architecture.md#import-rules)';
// The entry points that assemble the registered application.
const ROOTS = ['server/serve.ts', 'server/main.ts', 'server/outbox-relay/relay-process.ts'];

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
      'no-restricted-imports': restrict([...TOOLING, '**/app/**', '**/workers/**', '**/server/**'], 'prisma/ (schema, migrations, the client factory and the hook mechanism) imports nothing of server/, tooling or pages (docs/architecture.md#import-rules)'),
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
