import { describe, expect, it } from 'vitest';
import { linkSegments } from './link-segments.ts';

/** People's text becomes links only where it holds an http(s) address; nothing of the text is lost or changed. */
describe('linkSegments', () => {
  it('links http and https addresses, leaving the sentence’s punctuation outside', () => {
    expect(linkSegments('see https://example.com/results?x=1, or http://a.example/b.')).toEqual([
      { text: 'see ' },
      { text: 'https://example.com/results?x=1', href: 'https://example.com/results?x=1' },
      { text: ', or ' },
      { text: 'http://a.example/b', href: 'http://a.example/b' },
      { text: '.' },
    ]);
  });

  it('never links other schemes, and ends an address at a quote or angle bracket of typed markup', () => {
    expect(linkSegments('javascript:alert(1) data:text/html,x ftp://f.example')).toEqual([{ text: 'javascript:alert(1) data:text/html,x ftp://f.example' }]);
    expect(linkSegments('<a href="https://evil.example">x</a>')).toEqual([
      { text: '<a href="' },
      { text: 'https://evil.example', href: 'https://evil.example' },
      { text: '">x</a>' },
    ]);
  });

  it('keeps the text exactly, and leaves an address with no host as text', () => {
    for (const text of ['', 'no links here', 'https:// nothing', 'a https://x.example b https://y.example']) {
      expect(linkSegments(text).map((s) => s.text).join('')).toBe(text);
    }
    expect(linkSegments('https:// nothing')).toEqual([{ text: 'https:// nothing' }]);
  });
});
