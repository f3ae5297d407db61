'use client';

import { useEffect, useState } from 'react';

/** Where the flag is remembered, per origin, across pages and reloads. */
export const DEBUG_STORAGE_KEY = 'switchyard.debug';

/**
 * Whether this browser asked for the debug tools: `?debug=1` on any page
 * turns them on and remembers it (localStorage), `?debug=0` turns them off.
 * Always false on the server and in the first render, so a page renders the
 * same for everyone until the browser has read the flag.
 */
export function useDebugFlag(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const asked = new URLSearchParams(window.location.search).get('debug');
    try {
      if (asked === '1') window.localStorage.setItem(DEBUG_STORAGE_KEY, '1');
      if (asked === '0') window.localStorage.removeItem(DEBUG_STORAGE_KEY);
      setOn(window.localStorage.getItem(DEBUG_STORAGE_KEY) === '1');
    } catch {
      // Storage blocked (private mode, a policy): the flag lasts for this page only.
      setOn(asked === '1');
    }
  }, []);
  return on;
}
