'use client';

// The public names of the React realtime client. Everything else in this folder is internal.
import './zod-without-eval.ts';
export { createRealtimeClient } from './realtime-client.ts';
export type { RealtimeClient, RealtimeClientOptions } from './realtime-client.ts';
export type { ConnectionStatus } from './namespace-connection.ts';
export { RealtimeError } from './realtime-error.ts';
export type { RealtimeErrorCode } from './realtime-error.ts';
export { RealtimeProvider, useRealtimeClient } from './realtime-provider.tsx';
export type { RealtimeProviderProps } from './realtime-provider.tsx';
export { useConnectionStatus } from './use-connection-status.ts';
export { useGroupEvent } from './use-group-event.ts';
export { useReplyChannel } from './use-reply-channel.ts';
export { useRealtimeEmit } from './use-realtime-emit.ts';
export type { RealtimeEmit } from './use-realtime-emit.ts';
