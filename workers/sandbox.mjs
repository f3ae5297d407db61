// Entry of BullMQ's worker threads. Worker threads do not inherit tsx's loader,
// so register it here before importing the TypeScript job runner.
import { register } from 'tsx/esm/api';

register();
const { default: processSandboxedJob } = await import('./sandboxed-job.ts');

export default processSandboxedJob;
