'use client';

/**
 * "3 new updates": floats at the top of the screen while updates that
 * arrived are out of sight; a click takes the reader to the newest one. The
 * live region is always there, so screen readers hear the count change.
 */
export function NewUpdatesBar({ unseen, onShow }: { unseen: string[]; onShow: (newest: string) => void }) {
  const newest = unseen[0];
  return (
    <div className="new-updates" aria-live="polite">
      {newest && (
        <button type="button" className="button new-updates__button" data-testid="new-updates" onClick={() => onShow(newest)}>
          <span aria-hidden="true">↑</span> {unseen.length === 1 ? '1 new update' : `${unseen.length} new updates`}
        </button>
      )}
    </div>
  );
}
