import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configDefaults } from './config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const defaults = configDefaults();
const names = Object.keys(defaults);

/** README's configuration rows: each variable with the value its default column gives (first backticked value; none for prose). */
function readmeDefaults(): Map<string, string | undefined> {
  const rows = new Map<string, string | undefined>();
  for (const line of read('README.md').split('\n')) {
    const cells = line.split(' | ');
    if (!/^\| `[A-Z][A-Z_]*`/.test(line) || cells.length < 3) continue;
    const variables = [...cells[0]!.matchAll(/`([A-Z][A-Z_]*)`/g)].map((m) => m[1]!);
    const values = [...cells[1]!.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
    variables.forEach((variable, i) => rows.set(variable, values.length === variables.length ? values[i] : undefined));
  }
  return rows;
}

/** A default as the docs' prose writes it ("10 s", "1 day", "4 MiB", "65,536") in the variable's own unit. */
function inUnitOf(variable: string, amount: number, unit: string): number {
  const seconds: Record<string, number> = { ms: 0.001, s: 1, min: 60, minutes: 60, h: 3600, day: 86_400, days: 86_400 };
  const bytes: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  if (variable.endsWith('_MS') && unit in seconds) return amount * seconds[unit]! * 1000;
  if (variable.endsWith('_SECONDS') && unit in seconds) return amount * seconds[unit]!;
  if (variable.endsWith('_BYTES') && unit in bytes) return amount * bytes[unit]!;
  return amount;
}

/**
 * The settings as documented: "README.md lists every setting with the
 * default the code has, and every default the docs' prose states — a reply
 * buffer's 120 s, a lease's 10 s — is the code's".
 */
describe('settings and their documented defaults', () => {
  it('README.md has a row for every setting, with the default the code has', () => {
    const rows = readmeDefaults();
    expect(names.filter((name) => !rows.has(name))).toEqual([]);
    const wrong = names
      .filter((name) => defaults[name] !== undefined && rows.get(name) !== undefined && rows.get(name) !== String(defaults[name]))
      .map((name) => `${name}: README says ${rows.get(name)}, the code ${String(defaults[name])}`);
    expect(wrong).toEqual([]);
  });

  it('every "`SETTING` (default N unit)" in the docs is the code’s default', () => {
    const documents = ['README.md', ...readdirSync(`${root}docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const stated = documents.flatMap((path) =>
      [...read(path).matchAll(/`([A-Z][A-Z_]*)`,? \(?default ([\d,.]+)\s*([A-Za-z]+)?/g)].map((m) => ({ path, variable: m[1]!, amount: Number(m[2]!.replace(/,/g, '')), unit: m[3] ?? '' })),
    );
    expect(stated.length).toBeGreaterThan(5);
    const wrong = stated
      .filter(({ variable }) => names.includes(variable))
      .filter(({ variable, amount, unit }) => inUnitOf(variable, amount, unit) !== defaults[variable])
      .map(({ path, variable, amount, unit }) => `${path}: ${variable} default ${amount} ${unit}, the code ${String(defaults[variable])}`);
    expect(wrong).toEqual([]);
  });
});
