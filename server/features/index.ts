import { defineApp } from '../registry/define-app.ts';
import { chat } from './chat/chat-feature.ts';
import { jobs } from './jobs/jobs-feature.ts';
import { liveblog } from './liveblog/liveblog-feature.ts';

/**
 * The reference application: its features, registered once. Adding a feature
 * is its folder plus one entry here (docs/adding-a-feature.md).
 */
export const app = defineApp({ features: [liveblog, chat, jobs] });

declare module '../protocol/register.ts' {
  interface Register {
    protocol: typeof app.protocol;
  }
}
