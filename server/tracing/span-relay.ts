import type { Attributes, HrTime, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

/**
 * A finished span as plain data, to cross a process boundary: a job process
 * records its spans and sends them to its worker over their IPC channel
 * (workers/ipc-span-exporter.ts); the worker exports them with its own
 * (`relaySpans`). A job process thus needs no exporter or collector address of its own.
 */
export type SpanRecord = {
  name: string;
  kind: SpanKind;
  context: SpanContext;
  parent?: SpanContext;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  events: TimedEvent[];
  /** `service.name` of the process that recorded it. */
  service: string;
  scope: { name: string; version?: string };
};

/** The IPC message that carries spans from a job process to its worker. */
export type SpansMessage = { cmd: 'spans'; value: SpanRecord[] };

/** Whether an IPC message from a job process carries spans. */
export function isSpansMessage(message: unknown): message is SpansMessage {
  return typeof message === 'object' && message !== null && (message as { cmd?: unknown }).cmd === 'spans' && Array.isArray((message as { value?: unknown }).value);
}

/** A finished span as a record (its links are left out: Switchyard makes none). */
export function toSpanRecord(span: ReadableSpan, service: string): SpanRecord {
  return {
    name: span.name,
    kind: span.kind,
    context: span.spanContext(),
    parent: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: span.status,
    attributes: span.attributes,
    events: span.events,
    service,
    scope: span.instrumentationScope,
  };
}

/** A record as a finished span again, for span processors; `resource` names the process that recorded it. */
export function fromSpanRecord(record: SpanRecord, resource: Resource): ReadableSpan {
  return {
    name: record.name,
    kind: record.kind,
    spanContext: () => record.context,
    parentSpanContext: record.parent,
    startTime: record.startTime,
    endTime: record.endTime,
    duration: record.duration,
    status: record.status,
    attributes: record.attributes,
    links: [],
    events: record.events,
    ended: true,
    resource,
    instrumentationScope: record.scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

let relay: ((records: readonly SpanRecord[]) => void) | undefined;

/** Set by startTracing: where relayed spans go (this process's span processors); undefined when tracing stops. */
export function setSpanRelay(next: ((records: readonly SpanRecord[]) => void) | undefined): void {
  relay = next;
}

/** Exports spans recorded in another process (a job process) with this process's; dropped while tracing is off here. */
export function relaySpans(records: readonly SpanRecord[]): void {
  relay?.(records);
}
