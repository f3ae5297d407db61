import type { ReactNode } from 'react';

/**
 * A link that leaves the site: opens in a new tab that cannot reach back into
 * this page (`noopener`), sends no referrer, and gives the address no search
 * ranking (`nofollow`: anyone can post text). Used wherever people's text
 * becomes links (liveblog Markdown, chat messages).
 */
export function ExternalLink({ href, children, className, title }: { href: string; children: ReactNode; className?: string; title?: string }) {
  return (
    <a href={href} className={className} title={title} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
