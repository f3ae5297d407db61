import { writeFileSync } from 'node:fs';
import { protocolFiles, repositoryPath } from './protocol-files.ts';

/**
 * `npm run protocol`: writes docs/asyncapi.json and docs/protocol-reference.md
 * from server/protocol/. Run it after changing an event, a schema, an error
 * code or an HTTP route; `npm test` fails while they are stale.
 */
for (const [path, content] of Object.entries(protocolFiles())) {
  writeFileSync(repositoryPath(path), content);
  console.log(`protocol: wrote ${path}`);
}
