import { useEffect, useEffectEvent } from 'react';
import type { Namespace, ServerEventName, ServerEventNameOf, ServerEventPayload } from '../../server/protocol/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

/**
 * Calls `handler` with each `event` of `namespace` sent to this tab's reply channel (by
 * `switchyard send`, a consumer's `context.send`, or a worker's result),
 * exactly once and in order, including messages sent while the tab was
 * reconnecting or reloading.
 *
 * @example useReplyChannel('/', 'notice.posted', (notice) => setNotices((list) => [...list, notice]));
 */
export function useReplyChannel<N extends Namespace, E extends ServerEventNameOf<N>>(
  namespace: N,
  event: E,
  handler: (payload: ServerEventPayload<E & ServerEventName>) => void,
): void {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client?.onReply(namespace, event, (payload) => onEvent(payload)), [client, namespace, event]);
}
