'use client';

import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { MAX_CSV_BYTES } from '../../../server/features/jobs/bigdata-protocol.ts';
import { DATASET_LIMITS, datasetFromFile, datasetFromText } from './dataset-upload.ts';
import type { Dataset } from './dataset-upload.ts';
import { formatBytes } from './format.ts';
import { messageOf, useJobs } from './jobs-provider.tsx';

type Source = 'file' | 'text';

/**
 * Starts a bigdata job: choose a CSV file or paste CSV text. What the browser
 * can check (empty, too large, binary) is refused before uploading; the
 * server's refusals (e.g. too many jobs running) are shown the same way. On
 * success the page moves to the new job, where its progress shows.
 */
export function DatasetForm() {
  const { upload } = useJobs();
  const router = useRouter();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const textBytes = useMemo(() => new Blob([text]).size, [text]);
  const [pending, setPending] = useState<Source | null>(null);
  const [error, setError] = useState<{ source: Source; message: string } | null>(null);

  async function start(source: Source, dataset: () => Dataset | Promise<Dataset>) {
    setPending(source);
    setError(null);
    try {
      const jobId = await upload(await dataset());
      router.push(`/jobs/${jobId}`);
    } catch (failure) {
      setError({ source, message: messageOf(failure) });
    } finally {
      setPending(null);
    }
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setError(null);
    // Say at once what is wrong with the file, before the person presses the button.
    if (chosen) await datasetFromFile(chosen).catch((failure: unknown) => setError({ source: 'file', message: messageOf(failure) }));
  }

  function submitFile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setError({ source: 'file', message: 'Choose a CSV file first.' });
    void start('file', () => datasetFromFile(file));
  }

  function submitText(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void start('text', () => datasetFromText(text));
  }

  const errorOf = (source: Source) =>
    error?.source === source ? (
      <p id={`${id}-${source}-error`} role="alert" className="form__error" data-testid="upload-error">
        {error.message}
      </p>
    ) : null;

  return (
    <section className="card dataset-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Profile a CSV</h2>
      <p className="muted" id={`${id}-limits`}>
        Every column gets its type, counts, min/max, mean, standard deviation, quantiles and a histogram or its most
        frequent values. The CSV needs {DATASET_LIMITS}.
      </p>
      <div className="dataset-form__ways">
        <form className="form" aria-label="Upload a CSV file" onSubmit={submitFile}>
          <label htmlFor={`${id}-file`}>CSV file</label>
          <input
            id={`${id}-file`}
            type="file"
            name="file"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            onChange={chooseFile}
            aria-describedby={`${id}-limits${error?.source === 'file' ? ` ${id}-file-error` : ''}`}
            aria-invalid={error?.source === 'file'}
          />
          <div>
            <button type="submit" className="button" disabled={pending !== null}>
              {pending === 'file' ? 'Uploading…' : 'Analyze file'}
            </button>
          </div>
          {errorOf('file')}
        </form>
        <form className="form" aria-label="Paste CSV text" onSubmit={submitText}>
          <label htmlFor={`${id}-text`}>CSV text</label>
          <textarea
            id={`${id}-text`}
            name="text"
            rows={6}
            spellCheck={false}
            placeholder={'city,temperature\nOslo,3\nRome,18'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-text-size${error?.source === 'text' ? ` ${id}-text-error` : ''}`}
            aria-invalid={error?.source === 'text'}
          />
          <p id={`${id}-text-size`} className={textBytes > MAX_CSV_BYTES ? 'form__error' : 'muted dataset-form__size'}>
            {formatBytes(textBytes)} of {formatBytes(MAX_CSV_BYTES)}
          </p>
          <div>
            <button type="submit" className="button" disabled={pending !== null}>
              {pending === 'text' ? 'Uploading…' : 'Analyze text'}
            </button>
          </div>
          {errorOf('text')}
        </form>
      </div>
    </section>
  );
}
