import { useEffect, useEffectEvent } from 'react';
import type { ServerEventName, ServerEventPayload } from '../../server/protocol/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

/**
 * Calls `handler` with each group event `event` this page receives while
 * mounted, typed by the protocol. Group events are live only: nothing is
 * replayed after a reconnect (load current state from the server for that).
 *
 * @example useGroupEvent('announcement.posted', (a) => setItems((items) => [a, ...items]));
 */
export function useGroupEvent<E extends ServerEventName>(event: E, handler: (payload: ServerEventPayload<E>) => void): void {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client?.onGroupEvent(event, (payload) => onEvent(payload)), [client, event]);
}
