import { useCallback } from 'react';
import type { ClientEventInput, ClientEventName, ClientEventReply, Namespace } from '../../server/protocol/index.ts';
import { RealtimeError } from '../../client/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

/** A typed emit bound to one namespace: resolves with the ack's data, rejects with a RealtimeError. */
export type RealtimeEmit<N extends Namespace> = <E extends ClientEventName<N>>(
  event: E,
  payload: ClientEventInput<N, E>,
) => Promise<ClientEventReply<N, E>>;

/**
 * Returns a stable, typed `emit` for a namespace (default `/`). It waits for
 * the connection (up to the client's ack timeout) before sending.
 *
 * @example
 * const emit = useRealtimeEmit();
 * const { at } = await emit('announcement.post', { text });
 */
export function useRealtimeEmit<N extends Namespace = '/'>(namespace: N = '/' as N): RealtimeEmit<N> {
  const client = useRealtimeClient();
  return useCallback<RealtimeEmit<N>>(
    (event, payload) =>
      client
        ? client.emit(namespace, event, payload)
        : Promise.reject(new RealtimeError('unavailable', 'realtime events can only be sent from the browser')),
    [client, namespace],
  );
}
