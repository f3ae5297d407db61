import { describe, expect, it } from 'vitest';
import { textSegments } from './text-segments.ts';

/** Post text rendering: "http(s) URLs become links, newlines become breaks, everything else is text — markup and javascript: URLs included". */
describe('textSegments', () => {
  it('turns http(s) URLs into links, leaving trailing punctuation as text', () => {
    expect(textSegments('read https://example.com/a?b=1. now')).toEqual([
      { kind: 'text', text: 'read ' },
      { kind: 'link', href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. now' },
    ]);
  });

  it('turns line breaks (\\n, \\r\\n) into breaks', () => {
    expect(textSegments('a\nb\r\nc')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'break' },
      { kind: 'text', text: 'b' },
      { kind: 'break' },
      { kind: 'text', text: 'c' },
    ]);
  });

  it('never links javascript:, data: or markup; they stay text', () => {
    for (const body of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>']) {
      expect(textSegments(body).every((s) => s.kind === 'text')).toBe(true);
      expect(textSegments(body).map((s) => (s.kind === 'text' ? s.text : '')).join('')).toBe(body);
    }
  });

  it('does not let a quote or angle bracket into a link', () => {
    const [, link] = textSegments('x https://e.com/"onmouseover="alert(1)');
    expect(link).toEqual({ kind: 'link', href: 'https://e.com/', text: 'https://e.com/' });
  });
});
