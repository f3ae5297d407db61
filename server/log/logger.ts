import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { prettyFactory } from 'pino-pretty';
import { loadObservabilitySettings } from '../config.ts';
import { INSTANCE_ID } from '../instance-id.ts';
import { REDACTED, REDACTED_PATHS } from './redaction.ts';

export type { Logger } from 'pino';

/** What kind of Switchyard process writes a line: every line carries it as `role`. */
export type ProcessRole = 'interface-server' | 'worker' | 'relay' | 'command';

const processFields: { role?: ProcessRole } = {};

/** Names this process's role on every log line from now on, whichever logger writes it. */
export function identifyProcess(role: ProcessRole): void {
  processFields.role = role;
}

/**
 * The destination: stderr, so a command's own output on stdout stays clean
 * (`switchyard post … | …`), through the process's stream so that
 * dropOutputWhenReaderGone (server/closed-output.ts) covers a reader that went away.
 * In development, readable lines when pino-pretty (a devDependency) is installed:
 * production never loads it.
 */
function destination(env: string): DestinationStream {
  if (env === 'development') {
    try {
      const { prettyFactory: makePretty } = createRequire(import.meta.url)('pino-pretty') as { prettyFactory: typeof prettyFactory };
      const pretty = makePretty({ colorize: process.stderr.isTTY === true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' });
      return { write: (line: string) => void process.stderr.write(pretty(line)) };
    } catch {
      // Without dev dependencies (an install with --omit=dev): JSON, as in production.
    }
  }
  return process.stderr;
}

/**
 * Creates a logger writing to `stream` (default: stderr as above) at the
 * level LOG_LEVEL names, with secrets and message bodies redacted (./redaction.ts).
 * Each line carries `pid`, `hostname`, `instanceId` (server/instance-id.ts) and the process's `role`; child loggers
 * add the fields of what they serve (`module`, `connection`, `replyChannel`,
 * `user`, `event`, `job`).
 */
export function createLogger(settings: { level: string; env: string } = loadObservabilitySettings(), stream: DestinationStream = destination(settings.env)): Logger {
  return pino(
    {
      level: settings.level,
      base: { pid: process.pid, hostname: hostname(), instanceId: INSTANCE_ID },
      mixin: () => ({ ...processFields }),
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, reason: pino.stdSerializers.err },
    },
    stream,
  );
}

/** The process's root logger; modules take a child: `logger.child({ module: 'retention' })`. */
export const logger: Logger = createLogger();
