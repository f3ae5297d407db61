/**
 * The first line of a Markdown text as plain words, at most `max` characters
 * (cut at a word, with "…"): for lists of key updates. Link syntax keeps its
 * text; emphasis, heading and quote marks go.
 *
 * @example excerpt('## **Polls close** at [10pm](https://e.com)\nmore', 40) // 'Polls close at 10pm'
 */
export function excerpt(markdown: string, max = 120): string {
  const line = markdown.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const plain = line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(#{1,6}|>|[-*+]|\d+[.)])\s+/, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
