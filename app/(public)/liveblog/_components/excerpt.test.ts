import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt.ts';

/** Key updates are listed by their first line: "plain words, short, cut at a word". */
describe('excerpt', () => {
  it('keeps the words of the first non-empty line, without Markdown marks', () => {
    expect(excerpt('\n## **Polls close** at [10pm](https://e.com) _sharp_\nsecond line')).toBe('Polls close at 10pm sharp');
    expect(excerpt('> - `quoted` item')).toBe('- quoted item');
  });

  it('cuts a long line at a word and says so', () => {
    expect(excerpt('The count is now complete in every district of the region', 30)).toBe('The count is now complete in…');
  });
});
