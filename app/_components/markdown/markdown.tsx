import type { ComponentProps } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';
import { ExternalLink } from '../external-link.tsx';

const PLUGINS = [remarkGfm, remarkBreaks];

// Headings inside a post or summary sit under the page's own h1 and h2.
const subheading = ({ node: _node, ...props }: ComponentProps<'h3'> & { node?: unknown }) => <h3 {...props} />;

const COMPONENTS: Components = {
  h1: subheading,
  h2: subheading,
  h3: subheading,
  h4: ({ node: _node, ...props }) => <h4 {...props} />,
  // Links leave the page in a new tab without access to it; one whose address was unsafe (emptied) is plain text.
  a: ({ node: _node, href, children, className, title }) =>
    href ? (
      <ExternalLink href={href} className={className} title={title}>
        {children}
      </ExternalLink>
    ) : (
      <>{children}</>
    ),
  // No images from elsewhere (tracking pixels, the page's Content-Security-Policy): a link to them instead.
  img: ({ src, alt }) => (typeof src === 'string' && src ? <ExternalLink href={src}>{alt || src}</ExternalLink> : <>{alt}</>),
};

/**
 * Markdown (CommonMark + GitHub's tables, lists, strikethrough and bare-URL
 * links; a single newline is a line break) as React elements, never as HTML:
 * raw HTML in the text is shown as the characters typed, and links with
 * unsafe protocols (`javascript:`, `data:` …) lose their address
 * (react-markdown's defaults) and are shown as their text. Used for liveblog posts and summaries, in the
 * reader and in the editor's preview alike.
 */
export function Markdown({ text, className = 'prose' }: { text: string; className?: string }) {
  return (
    <div className={className}>
      <ReactMarkdown remarkPlugins={PLUGINS} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
