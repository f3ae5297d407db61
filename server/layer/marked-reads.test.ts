import { describe, expect, it } from 'vitest';
import { markedReads } from './marked-reads.ts';

/** Marks kept in a map, as a store would: `change(group)` gives a group a new mark. */
function markBook() {
  const marks = new Map<string, number>();
  let next = 0;
  return {
    read: async (groups: readonly string[]) => groups.map((group) => `${marks.get(group) ?? 0}`),
    change: (group: string) => void marks.set(group, (next += 1)),
  };
}

/**
 * Marked reads: "a read is answered from memory while its groups' marks are
 * the ones read before the kept answer's read; a changed mark, a failed marks
 * read or a full memory means reading again".
 */
describe('markedReads', () => {
  const setup = (maxWeight = 100, weightOf?: (value: string) => number) => {
    const book = markBook();
    const reads: string[] = [];
    let version = 0;
    let marks = book.read;
    const read = markedReads({
      read: async (key: string) => {
        reads.push(key);
        return `${key} v${(version += 1)}`;
      },
      keyOf: (key) => key,
      groupsOf: (key) => [`${key}.posts`, `${key}.about`],
      marks: (groups) => marks(groups),
      weightOf,
      maxWeight,
    });
    return { read, reads, book, failMarks: () => void (marks = async () => Promise.reject(new Error('redis down'))) };
  };

  it('reads once and answers again from memory while no group of the key changed', async () => {
    const { read, reads } = setup();
    expect(await read('a')).toBe('a v1');
    expect(await read('a')).toBe('a v1');
    expect(await read('b')).toBe('b v2');
    expect(reads).toEqual(['a', 'b']);
  });

  it('reads again after a change to any of the key’s groups, and keeps the new answer', async () => {
    const { read, reads, book } = setup();
    await read('a');
    book.change('a.about');
    expect(await read('a')).toBe('a v2');
    book.change('b.posts'); // another key's group
    expect(await read('a')).toBe('a v2');
    expect(reads).toEqual(['a', 'a']);
  });

  it('reads every time while the marks cannot be read, and keeps nothing from then', async () => {
    const { read, reads, failMarks } = setup();
    await read('a');
    failMarks();
    expect(await read('a')).toBe('a v2');
    expect(await read('a')).toBe('a v3');
    expect(reads).toEqual(['a', 'a', 'a']);
  });

  it('reads every time a group has no mark (null), keeping nothing', async () => {
    const reads: string[] = [];
    const read = markedReads({
      read: async (key: string) => void reads.push(key),
      keyOf: (key) => key,
      groupsOf: (key) => [key],
      marks: async (groups) => groups.map(() => null),
      maxWeight: 10,
    });
    await read('a');
    await read('a');
    expect(reads).toEqual(['a', 'a']);
  });

  it('does not keep an answer `keeps` refuses, and forgets the one it replaces', async () => {
    const book = markBook();
    const answers = ['found', 'gone', 'gone', 'found again'];
    let reads = 0;
    const read = markedReads({
      read: async () => answers[reads++] as string,
      keyOf: (key: string) => key,
      groupsOf: (key) => [key],
      marks: book.read,
      keeps: (value) => value !== 'gone',
      maxWeight: 10,
    });
    expect(await read('a')).toBe('found');
    expect(await read('a')).toBe('found');
    book.change('a');
    expect([await read('a'), await read('a'), await read('a'), await read('a')]).toEqual(['gone', 'gone', 'found again', 'found again']);
    expect(reads).toBe(4);
  });

  it('keeps at most maxWeight, forgetting the oldest answers first, and never one heavier than that', async () => {
    const { read, reads } = setup(3, (value) => (value.startsWith('heavy') ? 4 : 1));
    for (const key of ['a', 'b', 'c', 'd']) await read(key);
    await read('d');
    await read('a'); // forgotten when d came
    await read('heavy');
    await read('heavy');
    expect(reads).toEqual(['a', 'b', 'c', 'd', 'a', 'heavy', 'heavy']);
  });
});
