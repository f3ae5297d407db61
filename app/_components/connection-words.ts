import type { ConnectionStatus } from '../_realtime/index.ts';

/**
 * The one word the site uses for each connection state, on every page (the
 * header, and any page that shows its own connection). Use these, not the
 * state names, wherever a person reads the state.
 */
export const CONNECTION_WORDS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** A sentence per connection state, for a tooltip or a notice. */
export const CONNECTION_DESCRIPTIONS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting for live updates',
  connected: 'Connected: updates appear as they happen',
  reconnecting: 'The connection was lost; reconnecting. Nothing is missed meanwhile',
  offline: 'Offline: live updates resume when you are back online',
};
