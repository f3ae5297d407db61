'use client';

import { useState } from 'react';
import { LIVEBLOG_TITLE_MAX } from '../../../../server/features/liveblog/liveblog-protocol.ts';

/** A slug suggested from a title: lowercase words joined by hyphens ("Election night 2026" → "election-night-2026"). */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Title and address of a new liveblog; the address follows the title until it is edited by hand. */
export function NewLiveblogFields() {
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <>
      <label htmlFor="new-title">Title</label>
      <input
        id="new-title"
        name="title"
        maxLength={LIVEBLOG_TITLE_MAX}
        value={title}
        placeholder="Election night"
        onChange={(event) => {
          setTitle(event.target.value);
          if (!slugEdited) setSlug(slugFromTitle(event.target.value));
        }}
      />
      <label htmlFor="new-slug">Web address (slug)</label>
      <input
        id="new-slug"
        name="slug"
        maxLength={64}
        value={slug}
        placeholder="election-night"
        aria-describedby="new-slug-hint"
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugEdited(true);
        }}
      />
      <p className="form__hint" id="new-slug-hint">
        The page will be at /liveblog/{slug || 'election-night'}: lowercase letters and digits joined by hyphens.
      </p>
    </>
  );
}
