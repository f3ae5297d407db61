'use client';

import { useId, useState } from 'react';
import type { ConnectionInfo } from '../_realtime/index.ts';
import { useConnectionInfo, useConnectionStatus } from '../_realtime/index.ts';
import { CONNECTION_WORDS } from './connection-words.ts';
import { useDebugFlag } from './use-debug-flag.ts';

/**
 * The connection panel, for support requests: the page's connection state,
 * the interface server it is on, its reply channel and the last delivery's
 * latency, with a button that copies them as text. Shown only to a browser
 * that turned the debug flag on (`?debug=1`, see useDebugFlag).
 */
export function ConnectionPanel() {
  return useDebugFlag() ? <ConnectionDetails /> : null;
}

function ConnectionDetails() {
  const status = useConnectionStatus();
  const info = useConnectionInfo();
  const titleId = useId();
  const [copied, setCopied] = useState('');
  const rows: [string, string][] = [
    ['State', CONNECTION_WORDS[status]],
    ['Server', info.server ?? '—'],
    ['Reply channel', info.replyChannel ?? '—'],
    ['Last delivery', delivery(info.lastDelivery)],
  ];
  const copy = async () => {
    const text = [...rows, ['Page', window.location.pathname], ['Time', new Date().toISOString()]].map(([name, value]) => `${name}: ${value}`).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied');
    } catch {
      setCopied('Could not copy: select the text instead');
    }
  };
  return (
    <aside className="debug-panel" aria-labelledby={titleId} data-testid="connection-panel">
      <h2 className="debug-panel__title" id={titleId}>
        Connection
      </h2>
      <dl className="debug-panel__rows">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="link-button" onClick={() => void copy()}>
        Copy details
      </button>
      <span className="debug-panel__note" role="status">
        {copied}
      </span>
    </aside>
  );
}

// From the server's publish of the last reply-channel message to its arrival here (two clocks: see ConnectionInfo).
function delivery(last: ConnectionInfo['lastDelivery']): string {
  return last ? `${Math.max(0, Math.round(last.ms))} ms (${last.event})` : 'none yet';
}
