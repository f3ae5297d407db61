import { formatCount } from './format.ts';

/**
 * The most frequent values (or words) of a column, most frequent first, each
 * with its count and a bar relative to the first. A long list scrolls in its card.
 */
export function TopValues({ title, values }: { title: string; values: readonly { value: string; count: number }[] }) {
  if (values.length === 0) return <p className="muted">No values.</p>;
  const highest = values[0]?.count ?? 1;
  return (
    <figure className="top-values">
      <figcaption className="top-values__title">{title}</figcaption>
      {/* Focusable: a long list scrolls within its card, and the keyboard must reach it too. */}
      <ol className="top-values__list" data-testid="top-values" tabIndex={0} aria-label={title}>
        {values.map(({ value, count }) => (
          <li key={value} className="top-values__item">
            <span className="top-values__value" title={value}>
              {value === '' ? <em>(empty)</em> : value}
            </span>
            <span className="top-values__count">{formatCount(count)}</span>
            <span className="top-values__bar" aria-hidden="true" style={{ width: `${(100 * count) / highest}%` }} />
          </li>
        ))}
      </ol>
    </figure>
  );
}
