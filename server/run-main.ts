import { dropOutputWhenReaderGone } from './closed-output.ts';
import { ImproperlyConfigured } from './errors.ts';
import { ServiceUnreachable } from './preflight.ts';

/**
 * Runs a process entry point: starts it, turns setup failures into one line on
 * stderr and exit 1, and on SIGTERM/SIGINT runs its stop function and exits 0.
 * The process outlives the reader of its output (see dropOutputWhenReaderGone).
 */
export function runMain(start: () => Promise<() => Promise<void>>): void {
  dropOutputWhenReaderGone();
  // Socket.IO's Redis adapter and emitter publish without awaiting; a publish
  // that fails during a Redis outage must not take the whole process down.
  process.on('unhandledRejection', (reason) => console.error('[switchyard] unhandled rejection:', reason));
  start().then(
    (stop) => {
      let stopping = false;
      const onSignal = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`[switchyard] ${signal}: shutting down`);
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error('[switchyard] shutdown failed:', error);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
    },
    (error: unknown) => {
      if (error instanceof ServiceUnreachable || error instanceof ImproperlyConfigured) {
        console.error(`switchyard: ${error.message}`);
      } else {
        console.error('switchyard: failed to start:', error);
      }
      process.exit(1);
    },
  );
}
