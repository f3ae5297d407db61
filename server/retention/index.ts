export type { SweepCount } from './delete-in-batches.ts';
export { ABANDONED_UPLOAD_MS, ORPHAN_DATASET_MS } from './retention-policy.ts';
export type { RetentionPolicy } from './retention-policy.ts';
export { RETENTION_QUEUE, startRetentionSchedule } from './retention-schedule.ts';
export type { RetentionSchedule, RetentionScheduleOptions } from './retention-schedule.ts';
export { runRetention } from './run-retention.ts';
export type { RetentionReport, RetentionRunOptions, RetentionStore } from './run-retention.ts';
