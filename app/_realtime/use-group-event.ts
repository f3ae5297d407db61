import { useEffect, useEffectEvent } from 'react';
import type { Namespace, ServerEventName, ServerEventNameOf, ServerEventPayload } from '../../server/protocol/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

/**
 * Calls `handler` with each group event `event` of `namespace` this page receives while
 * mounted, typed by the protocol. Group events are live only: nothing is
 * replayed after a reconnect (load current state from the server for that).
 *
 * @example useGroupEvent('/', 'announcement.posted', (a) => setItems((items) => [a, ...items]));
 */
export function useGroupEvent<N extends Namespace, E extends ServerEventNameOf<N>>(
  namespace: N,
  event: E,
  handler: (payload: ServerEventPayload<E & ServerEventName>) => void,
): void {
  const client = useRealtimeClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client?.onGroupEvent(namespace, event, (payload) => onEvent(payload)), [client, namespace, event]);
}
