export { firstRunNotice } from './first-run-notice.ts';
export type { FirstRunNoticeOptions } from './first-run-notice.ts';
export { firstRunRoute } from './first-run-route.ts';
export type { FirstRunRouteOptions, SetupOutcome } from './first-run-route.ts';
export { needsFirstRun } from './needs-first-run.ts';
