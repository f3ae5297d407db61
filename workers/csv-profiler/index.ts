/**
 * Pure job processors: `(input, signal, reportProgress) => result`. Their
 * schemas live in server/features/jobs/bigdata-protocol.ts, shared with the React client.
 */
export { processBigdata } from './bigdata-process.ts';
export { BigdataInputError } from './bigdata-input-error.ts';
export type { PacerOptions } from './job-pacer.ts';
