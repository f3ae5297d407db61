// The framework-agnostic Switchyard client: the public names. Everything else in this folder is internal.
// React bindings (a provider and hooks) build on it in app/_realtime/.
import './zod-without-eval.ts';
export { createRealtimeClient } from './realtime-client.ts';
export type { RealtimeClient, RealtimeClientOptions } from './realtime-client.ts';
export type { ConnectionStatus } from './namespace-connection.ts';
export { DEFAULT_RECONNECT_BACKOFF } from './reconnect-backoff.ts';
export type { ReconnectBackoff } from './reconnect-backoff.ts';
export type { ConnectionInfo } from './connection-info.ts';
export { consoleLog } from './client-log.ts';
export type { ClientLog } from './client-log.ts';
export { RealtimeError } from './realtime-error.ts';
export type { RealtimeErrorCode } from './realtime-error.ts';
