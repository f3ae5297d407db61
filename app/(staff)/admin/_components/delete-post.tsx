'use client';

import { useId, useRef } from 'react';
import type { WirePost } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { excerpt } from '../../../(public)/liveblog/_components/excerpt.ts';
import { deletePostAction } from '../actions.ts';
import { ActionForm } from './action-form.tsx';

/**
 * "Delete…" for one post: a quiet link that opens a dialog asking first
 * (showing which post), with "Keep it" focused; only "Delete update" in the
 * dialog deletes, for every reader at once.
 */
export function DeletePost({ post }: { post: WirePost }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        className="link-button link-button--danger"
        onClick={() => {
          dialog.current?.showModal();
          keep.current?.focus();
        }}
      >
        Delete…
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`}>
        <h2 id={`${id}-title`}>Delete this update?</h2>
        <p id={`${id}-what`}>It disappears for every reader at once. This cannot be undone.</p>
        <blockquote className="dialog__quote">{excerpt(post.body, 160)}</blockquote>
        <ActionForm
          action={deletePostAction}
          label="Delete post"
          submit="Delete update"
          pending="Deleting…"
          submitClassName="button button--danger"
          onDone={close}
          extraActions={
            <button type="button" ref={keep} className="button button--quiet" onClick={close}>
              Keep it
            </button>
          }
        >
          <input type="hidden" name="id" value={post.id} />
        </ActionForm>
      </dialog>
    </>
  );
}
