import { MAX_VALUE_LENGTH, TOP_VALUES } from '../../server/features/jobs/bigdata-protocol.ts';
import { CellKind, type ColumnCells } from './column-cells.ts';
import { TopK } from './top-k.ts';

/**
 * A text column is free text, and its top values are words rather than whole
 * values, when its values are mostly unique (distinct >= half the count: whole
 * values would all tie at 1) and read like phrases (3 or more
 * whitespace-separated words on average). Names, codes and ids stay values.
 */
const FREE_TEXT_DISTINCT_SHARE = 0.5;
const FREE_TEXT_MEAN_WORDS = 3;
/** Words: runs of letters and digits, with inner apostrophes (don't), lowercased. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
/** English function words, left out of top words along with one-letter words. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  ('the and for are but not you all any can had her was one our out his has him how its may new now see two way who did ' +
    'get let she too use with this that from they have were been will what when your there their which would about ' +
    'into than then them some these those could other more also only just over such very ours it is in of to on ' +
    'at as by be or an if so do no up my me we he us am').split(' '),
);

/** The text-column part of a profile. */
export type TextProfile = {
  distinct: number;
  topValuesOf: 'values' | 'words';
  topValues: { value: string; count: number }[];
  length: { min: number; max: number; mean: number } | null;
};

/** Profiles the present cells of a text column: distinct values, lengths, and top values or, for free text, top words. */
export function profileText(cells: ColumnCells): TextProfile {
  const counts = new Map<string, number>();
  cells.forEachPresent((cell) => counts.set(cell, (counts.get(cell) ?? 0) + 1));
  const total = cells.length - cells.counts[CellKind.missing]!;
  if (total === 0) return { distinct: 0, topValuesOf: 'values', topValues: [], length: null };
  let min = Infinity;
  let max = 0;
  let sum = 0;
  for (const [value, count] of counts) {
    min = Math.min(min, value.length);
    max = Math.max(max, value.length);
    sum += value.length * count;
  }
  const words = isFreeText(counts, total);
  const top = words ? topWords(counts) : topOf(counts);
  return {
    distinct: counts.size,
    topValuesOf: words ? 'words' : 'values',
    topValues: top.map(({ key, count }) => ({ value: shorten(key), count })),
    length: { min, max, mean: sum / total },
  };
}

function isFreeText(counts: Map<string, number>, total: number): boolean {
  if (counts.size < total * FREE_TEXT_DISTINCT_SHARE) return false;
  let words = 0;
  for (const [value, count] of counts) words += countWords(value) * count;
  return words >= total * FREE_TEXT_MEAN_WORDS;
}

function countWords(value: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const blank = c === 0x20 || (c >= 0x09 && c <= 0x0d);
    if (!blank && !inWord) words++;
    inWord = !blank;
  }
  return words;
}

function topWords(counts: Map<string, number>): { key: string; count: number }[] {
  const words = new Map<string, number>();
  for (const [value, count] of counts) {
    for (const [word] of value.toLowerCase().matchAll(WORD)) {
      if (word.length > 1 && !STOP_WORDS.has(word)) words.set(word, (words.get(word) ?? 0) + count);
    }
  }
  return topOf(words);
}

function topOf(counts: Map<string, number>): { key: string; count: number }[] {
  const top = new TopK<string>(TOP_VALUES);
  for (const [key, count] of counts) top.offer(key, count);
  return top.entries();
}

function shorten(value: string): string {
  return value.length <= MAX_VALUE_LENGTH ? value : `${value.slice(0, MAX_VALUE_LENGTH - 1)}…`;
}
