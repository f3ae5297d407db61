import { app } from '../../server/features/index.ts';
import { ERROR_CODES, JOB_FAILURE_CODES, systemClientEvents, systemServerEvents } from '../../server/protocol/index.ts';
import type { ClientEventSpec, NamespaceSpec } from '../../server/protocol/index.ts';
import type { z } from 'zod';
import { jsonSchemaOf } from './json-schema-of.ts';
import type { JsonSchema } from './json-schema-of.ts';
import { typeText } from './type-text.ts';

const code = (text: string) => `\`${text}\``;
// The named types the tables refer to, filled as they are rendered.
let types: Record<string, JsonSchema> = {};
const input = (schema: z.ZodType) => code(typeText(jsonSchemaOf(schema, 'input', types)));
const output = (schema: z.ZodType) => code(typeText(jsonSchemaOf(schema, 'output', types)));

function clientTable(events: Record<string, ClientEventSpec>): string[] {
  return [
    '| event | payload | ack data |',
    '|---|---|---|',
    ...Object.entries(events).map(([event, spec]) => `| ${code(event)} | ${input(spec.payload)} | ${output(spec.reply)} |`),
  ];
}

function serverTable(events: Record<string, z.ZodType>): string[] {
  return ['| event | payload |', '|---|---|', ...Object.entries(events).map(([event, schema]) => `| ${code(event)} | ${output(schema)} |`)];
}

function httpTable(): string[] {
  return [
    '| route | request | answers |',
    '|---|---|---|',
    ...Object.values(app.httpApi).map((route) => {
      const headers = Object.keys(route.headers ?? {}).map((name) => `header ${code(name)}`);
      const query = Object.keys(route.query ?? {}).map((name) => `query ${code(name)}`);
      const body = route.body ? [`${code(route.body.contentType)} body${route.body.schema ? ` ${input(route.body.schema)}` : ''}`] : [];
      const answers = Object.entries(route.answers).map(([status, answer]) => `${status}${answer.body ? ` ${output(answer.body)}` : ''}`);
      return `| ${code(`${route.method} ${route.path}`)} | ${[...headers, ...query, ...body].join('; ') || '—'} | ${answers.join('; ')} |`;
    }),
  ];
}

/**
 * docs/protocol-reference.md: every event of every namespace with its payload
 * and ack, the framework's events, the error codes and the HTTP routes, as
 * tables rendered from the schemas. The meaning of each lives in
 * docs/protocol.md.
 */
export function referenceMarkdown(): string {
  types = {};
  const lines = [
    '# Protocol reference (generated)',
    '',
    'Generated from the registered features’ protocols by `npm run protocol` — do not edit; `npm test` fails when it is stale.',
    'What each event means, who may send it and how it is refused: [protocol.md](protocol.md). The same',
    'contract as an AsyncAPI 3 document: [asyncapi.json](asyncapi.json). Types are the JSON Schemas in short:',
    '`?` optional, `(a–b)` a length or value range, `\\|` one of.',
    '',
  ];
  for (const [namespace, spec] of Object.entries(app.index.protocol) as [string, NamespaceSpec][]) {
    lines.push(`## Namespace ${code(namespace)}`, '', 'Client → server:', '', ...clientTable(spec.client), '');
    lines.push('Server → client:', '', ...serverTable(spec.server), '');
  }
  lines.push('## Every namespace', '', 'Client → server:', '', ...clientTable(systemClientEvents), '');
  lines.push('Server → client:', '', ...serverTable(systemServerEvents), '');
  lines.push('## Error codes', '', `An ack's \`error.code\` (and \`event.rejected\`'s): ${ERROR_CODES.map(code).join(', ')}.`, '');
  lines.push(`A failed job's \`code\` (\`job.failed\`): ${JOB_FAILURE_CODES.map(code).join(', ')}.`, '');
  lines.push('## HTTP', '', ...httpTable(), '');
  lines.push('## Types', '', 'The shapes the tables name.', '', '| type | shape |', '|---|---|');
  for (const name of Object.keys(types).sort()) lines.push(`| ${code(name)} | ${code(typeText(types[name]!))} |`);
  lines.push('');
  return lines.join('\n');
}
