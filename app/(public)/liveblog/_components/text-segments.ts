/** A piece of post text: plain text, a line break, or an http(s) link. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'break' } | { kind: 'link'; href: string; text: string };

// Only http(s) URLs become links: `javascript:`, `data:` and the rest stay text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that usually ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits post text into text, line breaks and links, for rendering as React
 * elements (never as HTML): markup in a post is shown as the characters typed.
 *
 * @example textSegments('see https://example.com.\nbye') // text, link, text ".", break, text "bye"
 */
export function textSegments(body: string): TextSegment[] {
  const segments: TextSegment[] = [];
  body.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (index > 0) segments.push({ kind: 'break' });
    let last = 0;
    for (const match of line.matchAll(URL_PATTERN)) {
      const url = match[0].replace(TRAILING, '');
      const start = match.index;
      if (start > last) segments.push({ kind: 'text', text: line.slice(last, start) });
      segments.push(safeLink(url));
      last = start + url.length;
    }
    if (last < line.length) segments.push({ kind: 'text', text: line.slice(last) });
  });
  return segments;
}

function safeLink(text: string): TextSegment {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'link', href: url.href, text };
  } catch {
    // not a URL after all
  }
  return { kind: 'text', text };
}
