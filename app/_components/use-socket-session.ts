import { useEffect, useState } from 'react';
import type { ClientEventReply } from '../../server/protocol/index.ts';
import { useConnectionStatus, useRealtimeClient, useRealtimeEmit } from '../_realtime/index.ts';

/** Who the socket says this client is, and its reply channel. */
export type SocketSession = ClientEventReply<'/', 'session.describe'>;

/**
 * Asks the server who this connection is (`session.describe`) each time it
 * (re)connects: the user the socket authenticated from the session cookie, and
 * the tab's reply channel. Null until the first answer.
 */
export function useSocketSession(): SocketSession | null {
  const status = useConnectionStatus();
  const emit = useRealtimeEmit();
  const client = useRealtimeClient();
  const [session, setSession] = useState<SocketSession | null>(null);
  useEffect(() => {
    if (status !== 'connected') return;
    let current = true;
    emit('session.describe', {}).then(
      (described) => current && setSession(described),
      (error: unknown) => client?.log.warn('session.describe failed:', (error as Error).message),
    );
    return () => {
      current = false;
    };
  }, [status, emit, client]);
  return session;
}
