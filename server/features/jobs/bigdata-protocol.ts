import { z } from 'zod';

/**
 * The wire shapes of the `bigdata.process` worker channel: its input, its
 * progress reports and its result, with the limits a client should check
 * before uploading. Browser-safe (zod only): the protocol and the React client
 * import this file directly.
 */

/** Largest CSV accepted, in UTF-8 bytes (20 MiB). */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Most data rows accepted (the header row is not counted). */
export const MAX_ROWS = 1_000_000;
/** Most columns accepted; keeps a result small enough to send to a browser. */
export const MAX_COLUMNS = 1_000;
/** How many most frequent values (or words) a column profile lists. */
export const TOP_VALUES = 20;
/** Most histogram bins of a numeric column. */
export const HISTOGRAM_BINS = 20;
/** Top values longer than this many characters are cut and end with "…". */
export const MAX_VALUE_LENGTH = 200;

/** Why a CSV was refused; see `BigdataInputError`. */
export const BIGDATA_INPUT_ERROR_CODES = [
  'not_csv',
  'too_large',
  'empty',
  'malformed_row',
  'too_many_rows',
  'too_many_columns',
] as const;
export type BigdataInputErrorCode = (typeof BIGDATA_INPUT_ERROR_CODES)[number];

/**
 * A job's input: the CSV text as the browser read it (`await file.text()`).
 * The length check here is in UTF-16 code units, a cheap lower bound on the
 * UTF-8 size; the processor checks the exact byte size (`too_large`).
 */
export const bigdataInputSchema = z
  .object({
    csv: z
      .string()
      .min(1, 'csv is empty')
      .max(MAX_CSV_BYTES, `csv is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`),
  })
  .strict();
export type BigdataInput = z.infer<typeof bigdataInputSchema>;

/**
 * A progress report. While `parsing`, rows and bytes grow and `totalRows` is
 * null (quoted newlines make it unknowable before the end); while `analyzing`
 * (computing each column's statistics) rows and bytes are at their totals.
 * `fraction` (0..1) spans both phases, for a progress bar.
 */
export const bigdataProgressSchema = z.object({
  phase: z.enum(['parsing', 'analyzing']),
  fraction: z.number().min(0).max(1),
  rowsProcessed: z.number().int().nonnegative(),
  totalRows: z.number().int().nonnegative().nullable(),
  bytesProcessed: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type BigdataProgress = z.infer<typeof bigdataProgressSchema>;

/** A value (or word) and how often it occurs; most frequent first. */
const valueCountSchema = z.object({ value: z.string(), count: z.number().int().positive() });

/**
 * What every column profile has. `count + missing + invalid` is the row count:
 * `count` values conform to `type` and are what the statistics describe,
 * `invalid` values are present but do not conform (always 0 for text).
 */
const columnBase = {
  /** Header name, made unique: empty names become `column_<n>`, repeats `<name>_2`, `<name>_3`, … */
  name: z.string(),
  /** 0-based position in the CSV. */
  index: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** Distinct conforming values. */
  distinct: z.number().int().nonnegative(),
  topValues: z.array(valueCountSchema).max(TOP_VALUES),
};

const numberQuantiles = z.object({ p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() });
const dateQuantiles = z.object({ p5: z.string(), p25: z.string(), p50: z.string(), p75: z.string(), p95: z.string() });

/**
 * A numeric column. Statistics are exact, over all `count` values: `std` is
 * the sample standard deviation (n − 1; null below two values), quantiles
 * interpolate linearly between closest ranks (numpy's and pandas' default).
 */
export const numberColumnSchema = z.object({
  ...columnBase,
  type: z.literal('number'),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number().nullable(),
  quantiles: numberQuantiles,
  /** `counts[k]` values lie in [edges[k], edges[k+1]); the last bin also holds `edges[last]`. */
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int().nonnegative()) }),
});

/**
 * An ISO-8601 date or timestamp column. Values are `YYYY-MM-DD` when no cell
 * has a time of day, else full UTC ISO strings (timestamps without an offset
 * are read as UTC). Quantiles are observed values (nearest rank), never averages of two dates.
 */
export const dateColumnSchema = z.object({
  ...columnBase,
  type: z.literal('date'),
  min: z.string(),
  max: z.string(),
  quantiles: dateQuantiles,
});

/** A true/false column; `topValues` holds the counts of "true" and "false". */
export const booleanColumnSchema = z.object({ ...columnBase, type: z.literal('boolean') });

/**
 * Any other column. `topValuesOf` says whether `topValues` counts whole values
 * or, for free text, words. `length` is in characters, null when all are missing.
 */
export const textColumnSchema = z.object({
  ...columnBase,
  type: z.literal('text'),
  topValuesOf: z.enum(['values', 'words']),
  length: z.object({ min: z.number(), max: z.number(), mean: z.number() }).nullable(),
});

/** One column's profile, by inferred type. */
export const columnProfileSchema = z.discriminatedUnion('type', [
  numberColumnSchema,
  dateColumnSchema,
  booleanColumnSchema,
  textColumnSchema,
]);
export type ColumnProfile = z.infer<typeof columnProfileSchema>;
export type ColumnType = ColumnProfile['type'];

/** A job's result: one profile per column, in CSV order. */
export const bigdataResultSchema = z.object({
  rowCount: z.number().int().nonnegative(),
  byteCount: z.number().int().nonnegative(),
  columns: z.array(columnProfileSchema),
});
export type BigdataResult = z.infer<typeof bigdataResultSchema>;
