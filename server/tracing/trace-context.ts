import { isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';

/**
 * A trace's context as it travels inside a message (W3C Trace Context:
 * `traceparent`, `tracestate`): in an outbox row's payload, a Socket.IO
 * packet between processes, a BullMQ job's data — and, inside a process,
 * down the calls from a span to the spans and messages that continue it.
 * There is no ambient "active span" (no async context manager: see
 * start-tracing.ts): a span's parent is always the carrier it is given.
 */
export type TraceCarrier = { traceparent?: string; tracestate?: string };

/** What a span is: its kind, attributes, and the trace it continues (none: it starts a trace). */
export type SpanOptions = { kind?: SpanKind; attributes?: Attributes; parent?: TraceCarrier };

/** The tracer of every Switchyard span. Without a registered SDK (tracing off) it is OpenTelemetry's no-op tracer. */
export const tracer = trace.getTracer('switchyard');

/**
 * The trace context of `span` as a carrier, to hand to what continues it (a
 * call, a message), or undefined when tracing is off. A span that is not
 * sampled still has one: what continues it follows its decision.
 */
export function carrierOf(span: Span | undefined): TraceCarrier | undefined {
  if (!span || !isSpanContextValid(span.spanContext())) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The context a carrier names, to parent a span on; the root (a new trace) without one. */
function contextOf(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/**
 * Runs `work` in a new span, child of `options.parent` (a new trace without
 * one), ending it when `work` settles and marking it failed when `work`
 * throws. `work` gets the span and its carrier: hand the carrier to whatever
 * should continue the trace (a publish, a write, an enqueue).
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span, trace: TraceCarrier | undefined) => Promise<T>): Promise<T> {
  const span = openSpan(name, options);
  try {
    return await work(span, carrierOf(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span, child of `options.parent`, that the caller ends (one that begins and ends in different callbacks: a job's). */
export function openSpan(name: string, options: SpanOptions): Span {
  return tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, contextOf(options.parent));
}

/** Records a span that has no duration worth measuring (a socket emit), child of `options.parent`. */
export function markSpan(name: string, options: SpanOptions): void {
  openSpan(name, options).end();
}

export { SpanKind, SpanStatusCode };
export type { Span } from '@opentelemetry/api';
