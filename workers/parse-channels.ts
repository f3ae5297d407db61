import { ImproperlyConfigured } from '../server/errors.ts';
import { WORKER_CHANNEL_NAMES } from '../server/features/jobs/jobs-protocol.ts';
import type { WorkerChannelName } from '../server/features/jobs/jobs-protocol.ts';

/** The channels named on a worker's command line; `--all` (or nothing) means every channel. */
export function parseChannels(args: readonly string[]): WorkerChannelName[] {
  const names = args.filter((arg) => !arg.startsWith('--'));
  if (names.length === 0) return [...WORKER_CHANNEL_NAMES];
  for (const name of names) {
    if (!(WORKER_CHANNEL_NAMES as readonly string[]).includes(name)) {
      throw new ImproperlyConfigured(`unknown worker channel "${name}"; the channels are: ${WORKER_CHANNEL_NAMES.join(', ')}`);
    }
  }
  return [...new Set(names)] as WorkerChannelName[];
}
