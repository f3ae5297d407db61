import type { Config } from '../config.ts';

/**
 * What the retention job keeps, per store (docs/reliability.md, "Retention").
 * Ages in milliseconds; every DELETE removes at most `batchSize` rows.
 */
export type RetentionPolicy = Config['retention'];

/** An upload still `uploading` this long after it began was abandoned (its server died): Node ends a request body after 300 s. */
export const ABANDONED_UPLOAD_MS = 60 * 60_000;

/** A dataset no job refers to is deleted once this old (a dataset is created with its job, in one statement; this is a margin). */
export const ORPHAN_DATASET_MS = 60 * 60_000;
