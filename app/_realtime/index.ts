'use client';

// The React bindings of the realtime client (client/): a provider and hooks. Everything else in this folder is internal.
export { createRealtimeClient, RealtimeError } from '../../client/index.ts';
export type { ConnectionInfo, ConnectionStatus, RealtimeClient, RealtimeClientOptions, RealtimeErrorCode } from '../../client/index.ts';
export { RealtimeProvider, useRealtimeClient } from './realtime-provider.tsx';
export type { RealtimeProviderProps } from './realtime-provider.tsx';
export { useConnectionInfo } from './use-connection-info.ts';
export { useConnectionStatus } from './use-connection-status.ts';
export { useGroupEvent } from './use-group-event.ts';
export { useReplyChannel } from './use-reply-channel.ts';
export { useRealtimeEmit } from './use-realtime-emit.ts';
export { useWhenConnected } from './use-when-connected.ts';
export type { RealtimeEmit } from './use-realtime-emit.ts';
