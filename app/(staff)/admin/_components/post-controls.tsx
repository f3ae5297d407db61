'use client';

import { useState } from 'react';
import { POST_BODY_MAX } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { editPostAction, flagPostAction } from '../actions.ts';
import { ActionForm } from './action-form.tsx';
import { DeletePost } from './delete-post.tsx';
import { MarkdownEditor } from './markdown-editor.tsx';

/** A one-click switch of a post's flag (pin, key), as a small form. */
function FlagToggle({ post, flag, on, off }: { post: WirePost; flag: 'pinned' | 'key'; on: string; off: string }) {
  const set = flag === 'pinned' ? post.pinned : post.key;
  return (
    <ActionForm action={flagPostAction} label={set ? off : on} submit={set ? off : on} className="inline-form" submitClassName="link-button">
      <input type="hidden" name="id" value={post.id} />
      <input type="hidden" name="flag" value={flag} />
      <input type="hidden" name="value" value={String(!set)} />
    </ActionForm>
  );
}

/** The admin's controls under one post: edit (Markdown, with preview), pin, mark as key, and delete (asks first). */
export function PostControls({ post }: { post: WirePost }) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="post-controls">
      <div className="post-controls__row">
        <button type="button" className="link-button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? 'Close editor' : 'Edit'}
        </button>
        <FlagToggle post={post} flag="pinned" on="Pin" off="Unpin" />
        <FlagToggle post={post} flag="key" on="Mark as key" off="Unmark key" />
        <DeletePost post={post} />
      </div>
      {editing && (
        <ActionForm action={editPostAction} label="Edit post" submit="Save" pending="Saving…" onDone={() => setEditing(false)}>
          <input type="hidden" name="id" value={post.id} />
          <MarkdownEditor name="body" label="Post text" defaultValue={post.body} maxLength={POST_BODY_MAX} />
        </ActionForm>
      )}
    </div>
  );
}
