import { parseArgs } from 'node:util';
import { UsageRequested } from './args.ts';

/** An integer command-line option: its default and the smallest value allowed. */
export type IntOption = { default: number; min: number };

/**
 * Parses a bench's command line when every option is an integer
 * (`--name N`); `--help` throws UsageRequested with `usage`, a bad or unknown
 * option throws with the usage appended.
 *
 * @example const { jobs } = parseIntOptions(argv, { jobs: { default: 24, min: 1 } }, USAGE);
 */
export function parseIntOptions<K extends string>(argv: string[], options: Record<K, IntOption>, usage: string): Record<K, number> {
  const names = Object.keys(options) as K[];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean' }, ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])) },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) throw new UsageRequested(usage);
  const parsed = {} as Record<K, number>;
  for (const name of names) {
    const raw = values[name];
    const value = raw === undefined ? options[name].default : Number(raw);
    if (!Number.isInteger(value) || value < options[name].min) {
      throw new Error(`--${name} must be an integer ≥ ${options[name].min}, got "${String(raw)}"\n${usage}`);
    }
    parsed[name] = value;
  }
  return parsed;
}
