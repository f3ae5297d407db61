'use client';

import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { createRealtimeClient } from '../../client/index.ts';
import type { RealtimeClient } from '../../client/index.ts';

// undefined: no provider above (a mistake); null: rendering on the server, where no socket exists.
const RealtimeContext = createContext<RealtimeClient | null | undefined>(undefined);

/** Props of `<RealtimeProvider>`. */
export type RealtimeProviderProps = {
  children: ReactNode;
  /** A client to use instead of the default one (tests, other origins). */
  client?: RealtimeClient;
};

/**
 * Holds the page's realtime client and keeps it connected while mounted.
 * Put it once around the app (app/layout.tsx does); the hooks find it.
 *
 * @example
 * <RealtimeProvider><Announcements /></RealtimeProvider>
 */
export function RealtimeProvider({ children, client: given }: RealtimeProviderProps) {
  // Created during the first client render but only connected in the effect:
  // children subscribe in their own effects, which run first, so no event is
  // delivered before its listener exists.
  const [client] = useState<RealtimeClient | null>(() => given ?? (typeof window === 'undefined' ? null : createRealtimeClient()));
  useEffect(() => {
    if (!client) return;
    client.open();
    return () => client.close();
  }, [client]);
  return <RealtimeContext value={client}>{children}</RealtimeContext>;
}

/**
 * The page's realtime client, or null while rendering on the server.
 * Throws when no `<RealtimeProvider>` is above the component.
 */
export function useRealtimeClient(): RealtimeClient | null {
  const client = useContext(RealtimeContext);
  if (client === undefined) {
    throw new Error('realtime hooks need a <RealtimeProvider> above them; app/layout.tsx wraps every page in one');
  }
  return client;
}
