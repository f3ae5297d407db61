'use client';

import { useState } from 'react';

/**
 * Logs out through `DELETE /api/session`, then reloads the page so that both
 * the page and the socket (whose user is fixed at handshake) start anonymous.
 */
export function LogoutButton() {
  const [state, setState] = useState<'idle' | 'pending' | 'failed'>('idle');

  async function logOut() {
    setState('pending');
    try {
      const response = await fetch('/api/session', { method: 'DELETE', headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`status ${response.status}`);
      window.location.assign('/');
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="button button--quiet" onClick={logOut} disabled={state === 'pending'}>
        Log out
      </button>
      {state === 'failed' && (
        <span role="alert" className="inline-error">
          Logging out failed; try again.
        </span>
      )}
    </>
  );
}
