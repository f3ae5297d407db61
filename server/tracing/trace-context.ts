import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';

/**
 * A trace's context as it travels inside a message (W3C Trace Context:
 * `traceparent`, `tracestate`): in an outbox row's payload, a Socket.IO
 * packet between processes, a BullMQ job's data.
 */
export type TraceCarrier = { traceparent?: string; tracestate?: string };

/** The tracer of every Switchyard span. Without a registered SDK (tracing off) it is OpenTelemetry's no-op tracer. */
export const tracer = trace.getTracer('switchyard');

/** The active trace context as a carrier, or undefined when there is none (tracing off, or no span active). */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The trace context of `span` as a carrier (to hand to another process), or undefined when tracing is off. */
export function carrierOf(span: Span | undefined): TraceCarrier | undefined {
  if (!span) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** Runs `work` with `span` (when there is one) as the active span: the spans it starts and the messages it publishes are its children. */
export function withSpan<T>(span: Span | undefined, work: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}

/** The context a carrier names, to parent the next span on; the active context without one. */
export function contextOf(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}

/**
 * Runs `work` in a new span, child of `parent` (a carrier from a message, or
 * the active context), ending it when `work` settles and marking it failed
 * when `work` throws.
 */
export function inSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: TraceCarrier }, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, contextOf(options.parent), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span, child of `parent`, that the caller ends (one that begins and ends in different callbacks: a job's). */
export function openSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: TraceCarrier }): Span {
  return tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, contextOf(options.parent));
}

/** Records a span that has no duration worth measuring (a socket emit), child of `parent`. */
export function markSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: TraceCarrier }): void {
  openSpan(name, options).end();
}

export { SpanKind, SpanStatusCode };
export type { Span } from '@opentelemetry/api';
