import { useCallback, useSyncExternalStore } from 'react';
import type { Namespace } from '../../server/protocol/index.ts';
import type { ConnectionStatus } from '../../client/index.ts';
import { useRealtimeClient } from './realtime-provider.tsx';

const onServer = (): ConnectionStatus => 'connecting';

/**
 * The live connection status of a namespace (default `/`): `connecting`,
 * `connected`, `reconnecting` or `offline`. Renders `connecting` on the server
 * and during hydration.
 *
 * @example const status = useConnectionStatus();
 */
export function useConnectionStatus(namespace: Namespace = '/'): ConnectionStatus {
  const client = useRealtimeClient();
  const subscribe = useCallback((onChange: () => void) => client?.onStatusChange(onChange) ?? (() => {}), [client]);
  const read = useCallback(() => client?.status(namespace) ?? 'connecting', [client, namespace]);
  return useSyncExternalStore(subscribe, read, onServer);
}
