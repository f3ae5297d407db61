import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.tsx';

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

/**
 * Markdown in posts and summaries: "formatting and links render; nothing an
 * editor types can become HTML, script or an unsafe link on a reader's page".
 */
describe('Markdown', () => {
  it('renders emphasis, lists, bare URLs as links, and a single newline as a line break', () => {
    const html = render('**Polls close** at 10pm\nsee https://example.com/results\n\n- one\n- two');
    expect(html).toContain('<strong>Polls close</strong> at 10pm<br/>');
    expect(html).toContain('<a href="https://example.com/results" target="_blank" rel="noopener noreferrer nofollow">https://example.com/results</a>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  });

  it('shows raw HTML as the characters typed, never as elements', () => {
    for (const hostile of ['<script>alert(1)</script>', 'x <img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>', '<iframe src="https://evil.example"></iframe>']) {
      const html = render(hostile);
      expect(html).not.toMatch(/<(script|img|iframe)\b/);
      expect(html).not.toMatch(/<a [^>]*javascript:/);
      expect(html).toContain('&lt;');
    }
  });

  it('shows javascript:, data: and vbscript: links as their text only, and turns images into plain links', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'JaVaScRiPt:alert(1)']) {
      expect(render(`[click](${url})`)).toBe('<div class="prose"><p>click</p></div>');
    }
    expect(render('![chart](https://example.com/chart.png)')).toBe(
      '<div class="prose"><p><a href="https://example.com/chart.png" target="_blank" rel="noopener noreferrer nofollow">chart</a></p></div>',
    );
  });

  it('keeps headings below the page’s own (h1 and h2 in a post become h3)', () => {
    expect(render('# Big\n## Smaller')).toBe('<div class="prose"><h3>Big</h3>\n<h3>Smaller</h3></div>');
  });
});
