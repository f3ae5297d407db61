export { defineModelHook } from './model-hook.ts';
export type { HookedOperation, HookMessage, ModelHook, ModelHookOptions, PublishingOperation } from './model-hook.ts';
export { modelHooks } from './model-hooks.ts';
export { OUTBOX_CHANNEL, recordOutbox } from './outbox.ts';
