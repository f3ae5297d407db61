import { useEffect, useEffectEvent } from 'react';
import type { DependencyList } from 'react';
import type { Namespace } from '../../server/protocol/index.ts';
import type { ConnectionStatus } from '../../client/index.ts';
import { useConnectionStatus } from './use-connection-status.ts';

/**
 * Runs `follow` every time the namespace's connection is established — the
 * first time and after every reconnect — and again when `deps` change while
 * connected: the place to join groups and catch up, since a fresh connection
 * is in no group and missed what was said while it was away. `isCurrent()`
 * turns false once that connection drops or `deps` change, so a late answer
 * is not applied. Returns the connection status.
 *
 * @example
 * useWhenConnected('/chat', async (isCurrent) => {
 *   const reply = await emit('lobby.watch', {});
 *   if (isCurrent()) setLobby(reply);
 * }, []);
 */
export function useWhenConnected(namespace: Namespace, follow: (isCurrent: () => boolean) => unknown, deps: DependencyList): ConnectionStatus {
  const status = useConnectionStatus(namespace);
  const run = useEffectEvent(follow);
  useEffect(() => {
    if (status !== 'connected') return;
    let current = true;
    void run(() => current);
    return () => {
      current = false;
    };
  }, [status, ...deps]);
  return status;
}
