'use client';

import { useState } from 'react';
import type { WirePost } from '../../../../server/protocol/liveblog.ts';
import { deletePostAction, editPostAction } from '../actions.ts';
import { ActionForm } from './action-form.tsx';

/** Edit and delete for one post in the admin view. */
export function PostControls({ post }: { post: WirePost }) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="post-controls">
      <button type="button" className="button button--quiet" onClick={() => setEditing(!editing)}>
        {editing ? 'Close editor' : 'Edit'}
      </button>
      {editing && (
        <ActionForm action={editPostAction} label="Edit post" submit="Save">
          <input type="hidden" name="id" value={post.id} />
          <textarea name="body" defaultValue={post.body} rows={4} aria-label="Post text" />
        </ActionForm>
      )}
      <ActionForm action={deletePostAction} label="Delete post" submit="Delete" className="form form--inline">
        <input type="hidden" name="id" value={post.id} />
      </ActionForm>
    </div>
  );
}
