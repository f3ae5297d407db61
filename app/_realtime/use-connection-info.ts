import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionInfo } from '../../client/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

const NOTHING_YET: ConnectionInfo = { server: null, replyChannel: null, lastDelivery: null };
const onServer = () => NOTHING_YET;

/**
 * The page's connection info (client `connectionInfo()`): the interface
 * server it is connected to, its reply channel, the last delivery's latency.
 * Nothing is known on the server and during hydration.
 *
 * @example const { server, replyChannel, lastDelivery } = useConnectionInfo();
 */
export function useConnectionInfo(): ConnectionInfo {
  const client = useRealtimeClient();
  const subscribe = useCallback((onChange: () => void) => client?.onStatusChange(onChange) ?? (() => {}), [client]);
  const read = useCallback(() => client?.connectionInfo() ?? NOTHING_YET, [client]);
  return useSyncExternalStore(subscribe, read, onServer);
}
