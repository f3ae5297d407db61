import { dropOutputWhenReaderGone } from './closed-output.ts';
import { ImproperlyConfigured } from './errors.ts';
import { loadObservabilitySettings } from './config.ts';
import { identifyProcess, logger } from './log/logger.ts';
import type { ProcessRole } from './log/logger.ts';
import { ServiceUnreachable } from './preflight.ts';

/**
 * Runs a process entry point: names its role on every log line, starts
 * tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, starts the process,
 * turns setup failures into one fatal log line and exit 1, and on
 * SIGTERM/SIGINT runs its stop function and exits 0. The process outlives
 * the reader of its output (see dropOutputWhenReaderGone).
 */
export function runMain(role: ProcessRole, start: () => Promise<() => Promise<void>>): void {
  dropOutputWhenReaderGone();
  identifyProcess(role);
  const { otlpEndpoint: endpoint, sampleRatio } = loadObservabilitySettings();
  // The SDK is loaded only when tracing is on: a process without it (every `switchyard` command) starts no slower.
  const tracing = endpoint
    ? import('./tracing/start-tracing.ts').then(({ startTracing }) => startTracing({ serviceName: `switchyard-${role}`, endpoint, sampleRatio }))
    : Promise.resolve(async () => {});
  // Socket.IO's Redis adapter and emitter publish without awaiting; a publish
  // that fails during a Redis outage must not take the whole process down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  tracing.then(async (stopTracing) => ({ stopTracing, stop: await start() })).then(
    ({ stop, stopTracing }) => {
      let stopping = false;
      const onSignal = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info(`${signal}: shutting down`);
        // The tracer's last spans are flushed after the process's own stop, and never hold up the exit on failure.
        stop().then(
          () => stopTracing().finally(() => process.exit(0)),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
    },
    (error: unknown) => {
      // A setup problem the operator fixes (a setting, a service to start) is one line; anything else keeps its stack.
      if (error instanceof ServiceUnreachable || error instanceof ImproperlyConfigured) logger.fatal(`switchyard: ${error.message}`);
      else logger.fatal({ err: error }, 'switchyard: failed to start');
      process.exit(1);
    },
  );
}
