import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing } from '../server/tracing/start-tracing.ts';
import { toSpanRecord } from '../server/tracing/span-relay.ts';
import type { SpansMessage } from '../server/tracing/span-relay.ts';
import { inSpan, SpanKind } from '../server/tracing/trace-context.ts';
import type { TraceCarrier } from '../server/tracing/trace-context.ts';

const SERVICE = 'switchyard-job-process';

/** Sends each finished span to the worker over the job process's IPC channel; the worker exports it (server/tracing/span-relay.ts). */
class IpcSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const message: SpansMessage = { cmd: 'spans', value: spans.map((span) => toSpanRecord(span, SERVICE)) };
    if (!process.send || !process.connected) return done({ code: ExportResultCode.FAILED });
    process.send(message, undefined, {}, (error) => done({ code: error ? ExportResultCode.FAILED : ExportResultCode.SUCCESS }));
  }

  async shutdown(): Promise<void> {}
}

let tracing = false;

/**
 * Runs a job of a job process in a span, `job.run <channel>`, child of the
 * worker's span of the job (its context rides in the job's data): `run`
 * gets the span's context, for the progress and outcome the job publishes. This module is
 * imported for the first traced job only, so a job process of an untraced
 * worker never loads the SDK. Spans are sent as they end, before the job's
 * result, so the worker has them when the job completes.
 */
export function traceJob<T>(job: { id?: string; name: string; data: { trace?: TraceCarrier } }, run: (trace: TraceCarrier | undefined) => Promise<T>): Promise<T> {
  if (!tracing) {
    startTracing({ serviceName: SERVICE, processors: [new SimpleSpanProcessor({ exporter: new IpcSpanExporter() })] });
    tracing = true;
  }
  const attributes = { 'switchyard.job': job.id ?? '', 'process.pid': process.pid };
  return inSpan(`job.run ${job.name}`, { kind: SpanKind.INTERNAL, parent: job.data.trace, attributes }, (_span, trace) => run(trace));
}
