import { useEffect, useEffectEvent } from 'react';
import type { ServerEventName, ServerEventPayload } from '../../server/protocol/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

/**
 * Calls `handler` with each `event` sent to this tab's reply channel (by
 * `switchyard send`, a consumer's `context.send`, or a worker's result),
 * exactly once and in order, including messages sent while the tab was
 * reconnecting or reloading.
 *
 * @example useReplyChannel('notice.posted', (notice) => setNotices((list) => [...list, notice]));
 */
export function useReplyChannel<E extends ServerEventName>(event: E, handler: (payload: ServerEventPayload<E>) => void): void {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client?.onReply(event, (payload) => onEvent(payload)), [client, event]);
}
