/**
 * Entry of a child whose worker threads inherit its Node flags (see
 * ChildSpec.workerThreads in children.ts): loads the bench's agent, then runs
 * the module named in its first argument as if Node had started it directly,
 * with the remaining arguments.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

await import('./child-agent.ts');
const [, , module] = process.argv;
if (!module) throw new Error('with-agent.ts: name the module to run as the first argument');
process.argv.splice(1, 1);
await import(pathToFileURL(resolve(module)).href);
