'use client';

import { LIVEBLOG_SUMMARY_MAX, LIVEBLOG_TITLE_MAX } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import type { WireLiveblog } from '../../../../server/features/liveblog/liveblog-protocol.ts';
import { updateLiveblogAction } from '../actions.ts';
import { ActionForm } from './action-form.tsx';
import { MarkdownEditor } from './markdown-editor.tsx';

/** The liveblog itself: title, the summary shown above the updates (Markdown), and whether it is live or has ended. */
export function LiveblogSettings({ liveblog }: { liveblog: WireLiveblog }) {
  return (
    <ActionForm action={updateLiveblogAction} label="About this liveblog" submit="Save" pending="Saving…">
      <input type="hidden" name="slug" value={liveblog.slug} />
      <label htmlFor="liveblog-title">Title</label>
      <input id="liveblog-title" name="title" defaultValue={liveblog.title} maxLength={LIVEBLOG_TITLE_MAX} />
      <MarkdownEditor name="summary" label="Summary (shown above the updates)" defaultValue={liveblog.summary} maxLength={LIVEBLOG_SUMMARY_MAX} rows={4} />
      <fieldset className="choice">
        <legend>Status</legend>
        <label className="checkbox">
          <input type="radio" name="status" value="live" defaultChecked={liveblog.status === 'live'} /> Live: updates are coming
        </label>
        <label className="checkbox">
          <input type="radio" name="status" value="ended" defaultChecked={liveblog.status === 'ended'} /> Ended: readers are told there will be no more
        </label>
      </fieldset>
    </ActionForm>
  );
}
