import { appInTrace } from '../app-services.ts';
import { layerInTrace } from '../layer/channel-layer.ts';
import type { TraceCarrier } from '../tracing/trace-context.ts';
import type { ConsumerContext } from './consumer.ts';

/**
 * The context a handler of a traced event gets: the connection's, with its
 * publishes (`layer`, `send`), database writes and enqueues (`app`)
 * continuing `trace`, the event's span — handed down explicitly, as there
 * is no async context (server/tracing/start-tracing.ts). The connection's
 * own context without a trace; either way `scope` is the connection's object.
 */
export function contextInTrace(context: ConsumerContext, trace: TraceCarrier | undefined): ConsumerContext {
  if (!trace) return context;
  const layer = layerInTrace(context.layer, trace);
  return {
    scope: context.scope,
    layer,
    app: appInTrace(context.app, trace),
    get log() {
      return context.log;
    },
    metrics: context.metrics,
    groupAdd: context.groupAdd,
    groupAddConnection: context.groupAddConnection,
    groupDiscard: context.groupDiscard,
    send: (event, payload) => layer.send(context.scope.replyChannel, event, payload),
  };
}
