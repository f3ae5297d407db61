import { liveblogHook } from './liveblog-hook.ts';
import { liveblogPostHook } from './liveblog-post-hook.ts';
import type { ModelHook } from './model-hook.ts';

export { defineModelHook } from './model-hook.ts';
export type { HookedOperation, HookMessage, ModelHook, ModelHookOptions, PublishingOperation } from './model-hook.ts';
export { modelHooks } from './model-hooks.ts';
export { OUTBOX_CHANNEL, recordOutbox } from './outbox.ts';
export { startOutboxRelay } from './outbox-relay.ts';
export type { OutboxRelay, OutboxRelayOptions } from './outbox-relay.ts';
export { toWirePost, wirePostSelect } from './liveblog-post-hook.ts';
export type { PostRow } from './liveblog-post-hook.ts';
export { toWireLiveblog, wireLiveblogSelect } from './liveblog-hook.ts';
export type { LiveblogRow } from './liveblog-hook.ts';

/** Every model hook of the application; prisma/client.ts applies them to every client. */
export const MODEL_HOOKS: readonly ModelHook<never>[] = [liveblogPostHook as ModelHook<never>, liveblogHook as ModelHook<never>];
