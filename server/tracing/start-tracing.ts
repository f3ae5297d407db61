import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { fromSpanRecord, setSpanRelay } from './span-relay.ts';

/** Where spans go: an OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), or span processors of the caller's (tests). */
export type TracingOptions = {
  /** Name of the process in the traces, e.g. `switchyard-interface-server`. */
  serviceName: string;
  /** Base URL of an OTLP/HTTP collector; spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** Processors instead of the OTLP exporter (an in-memory exporter in tests). */
  processors?: SpanProcessor[];
  /** Share of traces recorded (TRACE_SAMPLE_RATIO), decided where a trace starts; the rest of a trace follows it. Default 1. */
  sampleRatio?: number;
};

/**
 * Turns tracing on for this process when there is somewhere to send spans:
 * registers a tracer provider and the W3C Trace Context propagator, and no
 * context manager: a span's parent is the carrier handed to it
 * (trace-context.ts). OpenTelemetry's AsyncLocalStorage context manager would
 * keep a span current across awaits, but on Node 20 an AsyncLocalStorage that
 * has entered a context leaves promise hooks on for the whole process: every
 * `await` cost 145 ns instead of 60 ns, traced or not (`npm run -s
 * bench:await`, docs/performance.md), and a chat message makes hundreds. With
 * neither an endpoint nor processors it does nothing: OpenTelemetry's API
 * stays a no-op, every span call returns at once and messages carry no trace
 * context. Spans relayed from job processes (relaySpans) go through the
 * same processors. Returns a function that flushes and turns tracing off again.
 */
export function startTracing(options: TracingOptions): () => Promise<void> {
  const processors = options.processors ?? (options.endpoint ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }) })] : []);
  if (processors.length === 0) return async () => {};
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) });
  // process.pid tells apart the processes of one service (two interface servers on a machine).
  const resource = resourceFromAttributes({ 'service.name': options.serviceName, 'process.pid': process.pid });
  const provider = new TracerProvider({ resource, spanProcessors: processors, sampler });
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  // Spans a job process sends over IPC go out with this process's (server/tracing/span-relay.ts).
  setSpanRelay((records) => {
    for (const record of records) {
      const span = fromSpanRecord(record, resourceFromAttributes({ 'service.name': record.service }));
      for (const processor of processors) processor.onEnd(span);
    }
  });
  return async () => {
    setSpanRelay(undefined);
    await provider.shutdown();
    trace.disable();
    propagation.disable();
  };
}
