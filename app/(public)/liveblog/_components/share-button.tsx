'use client';

import { useEffect, useState } from 'react';

/** The address of one post: the liveblog's page with the post's anchor. */
export function postUrl(origin: string, slug: string, postId: string): string {
  return `${origin}/liveblog/${slug}#post-${postId}`;
}

/**
 * "Copy link" for one post: copies its stable address (the liveblog page with
 * `#post-<id>`) and says so; where the clipboard is not available, shows the
 * address selected, to copy by hand.
 */
export function ShareButton({ slug, postId }: { slug: string; postId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 3_000);
    return () => clearTimeout(timer);
  }, [state]);
  const url = typeof window === 'undefined' ? '' : postUrl(window.location.origin, slug, postId);

  if (state === 'manual') {
    return (
      <input className="share__manual" readOnly value={url} aria-label="Link to this update" onFocus={(event) => event.currentTarget.select()} autoFocus />
    );
  }
  return (
    <span className="share">
      <button
        type="button"
        className="link-button"
        data-testid="copy-link"
        onClick={() => {
          if (!navigator.clipboard) return setState('manual');
          navigator.clipboard.writeText(url).then(
            () => setState('copied'),
            () => setState('manual'),
          );
        }}
      >
        Copy link
      </button>
      <span role="status" className="share__done">
        {state === 'copied' ? 'Link copied' : ''}
      </span>
    </span>
  );
}
