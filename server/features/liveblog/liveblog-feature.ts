import { defineFeature } from '../../registry/feature.ts';
import type { Feature } from '../../registry/feature.ts';
import { createFollowReads } from './follow-reads.ts';
import { liveblogConsumer } from './liveblog-consumer.ts';
import { liveblogHook } from './liveblog-hook.ts';
import { liveblogPostHook } from './liveblog-post-hook.ts';
import { liveblogProtocol } from './liveblog-protocol.ts';

/**
 * Liveblogs: staff publish posts, readers follow them live. Every write goes
 * through the model hooks, so a post saved anywhere (admin page, socket
 * event, CLI) reaches readers after its commit, never before or without it.
 */
export const liveblog: Feature<typeof liveblogProtocol> = defineFeature({
  name: 'liveblog',
  protocol: liveblogProtocol,
  hooks: [liveblogPostHook, liveblogHook],
  start: ({ db, layer }) => ({ consumer: liveblogConsumer(createFollowReads(db, layer)) }),
});
