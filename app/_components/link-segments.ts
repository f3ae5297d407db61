/** A piece of a text: words as typed, or a web address to link. */
export type LinkSegment = { text: string; href?: string };

// http(s) addresses only (so never javascript:, data: …), up to a space, quote or angle bracket.
const ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation right after an address belongs to the sentence.
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits text into plain runs and http(s) addresses, in order; joined back,
 * the segments' texts are the input exactly. Anything else that looks like a
 * link (other schemes, markup) stays plain text.
 *
 * @example linkSegments('see https://example.com.') // [{ text: 'see ' }, { text: 'https://example.com', href: 'https://example.com' }, { text: '.' }]
 */
export function linkSegments(text: string): LinkSegment[] {
  const segments: LinkSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = match[0].replace(TRAILING, '');
    if (!URL.canParse(address) || new URL(address).host === '') continue;
    if (match.index > at) segments.push({ text: text.slice(at, match.index) });
    segments.push({ text: address, href: address });
    at = match.index + address.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}
