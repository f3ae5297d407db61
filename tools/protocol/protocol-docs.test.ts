import { app } from '../../server/features/index.ts';
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, JOB_FAILURE_CODES, systemClientEvents, systemServerEvents } from '../../server/protocol/index.ts';
import { protocolFiles, repositoryPath } from './protocol-files.ts';

const read = (path: string) => readFileSync(repositoryPath(path), 'utf8');

/** Errors (severity 0) the AsyncAPI parser finds in a document. */
async function asyncApiErrors(document: string): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(document);
  return diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
}

/**
 * The protocol document: "generated from the schemas, valid AsyncAPI, current
 * with the code, and every event and error code explained in the prose".
 */
describe('the protocol document', () => {
  it('docs/asyncapi.json and docs/protocol-reference.md are what `npm run protocol` writes from the registered protocol', () => {
    for (const [path, content] of Object.entries(protocolFiles())) {
      expect(read(path), `${path} is stale: run \`npm run protocol\` and commit it`).toBe(content);
    }
  });

  it('the AsyncAPI document is valid, and the validation catches a broken one', { timeout: 60_000 }, async () => {
    const document = read('docs/asyncapi.json');
    expect(await asyncApiErrors(document)).toEqual([]);
    const broken = JSON.parse(document) as { operations: Record<string, { channel: { $ref: string } }> };
    Object.values(broken.operations)[0]!.channel = { $ref: '#/channels/no-such-channel' };
    expect((await asyncApiErrors(JSON.stringify(broken))).length).toBeGreaterThan(0);
  });

  it('docs/protocol.md explains every event of every namespace, and every error and job failure code', () => {
    const prose = read('docs/protocol.md');
    const events = [
      ...Object.values(app.index.protocol).flatMap((spec) => [...Object.keys(spec.client), ...Object.keys(spec.server)]),
      ...Object.keys(systemClientEvents),
      ...Object.keys(systemServerEvents),
    ];
    const named = (text: string, name: string) => new RegExp(`\`${name.replace(/\./g, '\\.')}[\` ]`).test(text);
    expect([...events, ...JOB_FAILURE_CODES].filter((name) => !named(prose, name))).toEqual([]);
    const errorTable = prose.slice(prose.indexOf('## Error codes'));
    expect(ERROR_CODES.filter((code) => !named(errorTable, code))).toEqual([]);
  });
});
