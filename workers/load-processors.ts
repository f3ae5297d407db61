import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImproperlyConfigured } from '../server/errors.ts';
import { WORKER_CHANNEL_NAMES } from '../server/features/jobs/jobs-protocol.ts';
import type { ProcessorRegistry } from './processor.ts';
import { processors as builtIn } from './processors/index.ts';

/**
 * The processor of every worker channel: the built-in registry, or the
 * `processors` export of the module `path` names (WORKER_PROCESSORS,
 * relative to the working directory).
 * @throws ImproperlyConfigured when that module cannot be loaded or lacks a channel's processor
 */
export async function loadProcessors(path: string | undefined): Promise<ProcessorRegistry> {
  if (!path) return builtIn;
  let loaded: { processors?: Partial<Record<string, unknown>> };
  try {
    loaded = (await import(pathToFileURL(resolve(path)).href)) as typeof loaded;
  } catch (error) {
    throw new ImproperlyConfigured(`WORKER_PROCESSORS: the processor module ${path} cannot be loaded (${(error as Error).message}); fix it or the path`);
  }
  const missing = WORKER_CHANNEL_NAMES.filter((channel) => typeof loaded.processors?.[channel] !== 'function');
  if (missing.length > 0) {
    throw new ImproperlyConfigured(`WORKER_PROCESSORS: ${path} must export \`processors\` with a function for every worker channel; missing: ${missing.join(', ')}`);
  }
  return loaded.processors as ProcessorRegistry;
}
