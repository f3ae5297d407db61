'use client';

import { useId, useState } from 'react';
import { Markdown } from '../../../_components/markdown/markdown.tsx';

/** Props of `MarkdownEditor`. */
export type MarkdownEditorProps = {
  name: string;
  label: string;
  defaultValue?: string;
  maxLength: number;
  rows?: number;
  placeholder?: string;
};

/**
 * A Markdown text field with Write and Preview tabs: the preview is rendered
 * exactly as readers will see it (the same renderer). A character count says
 * how much room is left. The text area stays in the form while previewing,
 * so submitting from either tab sends the text.
 */
export function MarkdownEditor({ name, label, defaultValue = '', maxLength, rows = 5, placeholder }: MarkdownEditorProps) {
  const id = useId();
  const [text, setText] = useState(defaultValue);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const over = text.length > maxLength;
  const tabButton = (which: 'write' | 'preview', title: string) => (
    <button
      type="button"
      role="tab"
      id={`${id}-${which}-tab`}
      aria-selected={tab === which}
      aria-controls={`${id}-${which}`}
      className="md-editor__tab"
      onClick={() => setTab(which)}
    >
      {title}
    </button>
  );
  return (
    <div className="md-editor">
      <div className="md-editor__bar">
        <label htmlFor={`${id}-text`}>{label}</label>
        <div role="tablist" aria-label={`${label}: write or preview`} className="md-editor__tabs">
          {tabButton('write', 'Write')}
          {tabButton('preview', 'Preview')}
        </div>
      </div>
      <div id={`${id}-write`} role="tabpanel" aria-labelledby={`${id}-write-tab`} hidden={tab !== 'write'}>
        <textarea
          id={`${id}-text`}
          name={name}
          rows={rows}
          value={text}
          placeholder={placeholder}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={over || undefined}
        />
      </div>
      <div id={`${id}-preview`} role="tabpanel" aria-labelledby={`${id}-preview-tab`} hidden={tab !== 'preview'} className="md-editor__preview" data-testid="markdown-preview">
        {tab === 'preview' && (text.trim() ? <Markdown text={text} /> : <p className="muted">Nothing to preview yet.</p>)}
      </div>
      <p className="form__hint md-editor__hint" id={`${id}-hint`}>
        <span>
          Markdown: **bold**, _italic_, [a link](https://…), lists with “- ”. A single line break is kept.
        </span>
        <span className={over ? 'md-editor__count md-editor__count--over' : 'md-editor__count'}>
          {text.length.toLocaleString('en')} / {maxLength.toLocaleString('en')}
        </span>
      </p>
    </div>
  );
}
