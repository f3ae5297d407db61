import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument } from './asyncapi-document.ts';
import { referenceMarkdown } from './reference-markdown.ts';

const ROOT = new URL('../../', import.meta.url);

/** The generated protocol files: path (from the repository root) → content. */
export function protocolFiles(): Record<string, string> {
  const { version } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
  return {
    'docs/asyncapi.json': `${JSON.stringify(asyncApiDocument(version), null, 2)}\n`,
    'docs/protocol-reference.md': referenceMarkdown(),
  };
}

/** The absolute path of a repository file. */
export const repositoryPath = (path: string) => fileURLToPath(new URL(path, ROOT));
