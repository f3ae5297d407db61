import { useId } from 'react';
import { formatCount, formatStatistic } from './format.ts';

/** A numeric column's histogram: `counts[k]` values lie in [edges[k], edges[k+1]). */
export type Histogram = { edges: number[]; counts: number[] };

const WIDTH = 320;
const HEIGHT = 150;
const PLOT = { left: 4, right: WIDTH - 4, top: 16, bottom: 118 };

/**
 * A histogram as plain SVG bars: an image named "Histogram of <column>", with
 * a description of its range and each bar's bin and count as its tooltip.
 */
export function HistogramChart({ column, histogram }: { column: string; histogram: Histogram }) {
  const id = useId();
  const { edges, counts } = histogram;
  if (counts.length === 0 || edges.length < 2) return <p className="muted">No values to chart.</p>;
  const highest = Math.max(...counts, 1);
  const first = edges[0] ?? 0;
  const last = edges.at(-1) ?? first;
  const slot = (PLOT.right - PLOT.left) / counts.length;
  const fullest = counts.indexOf(highest);
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      data-testid="histogram"
    >
      <title id={`${id}-title`}>{`Histogram of ${column}`}</title>
      <desc id={`${id}-desc`}>
        {`${counts.length} bins from ${formatStatistic(first)} to ${formatStatistic(last)}; the fullest, ${bin(edges, fullest)}, holds ${formatCount(highest)} values.`}
      </desc>
      <line className="histogram__axis" x1={PLOT.left} x2={PLOT.right} y1={PLOT.bottom} y2={PLOT.bottom} />
      {counts.map((count, k) => {
        const height = ((PLOT.bottom - PLOT.top) * count) / highest;
        return (
          <rect
            key={k}
            className="histogram__bar"
            x={PLOT.left + k * slot + 0.5}
            y={PLOT.bottom - height}
            width={Math.max(slot - 1, 0.5)}
            height={height}
            data-testid="histogram-bar"
          >
            <title>{`${bin(edges, k)}: ${formatCount(count)} ${count === 1 ? 'value' : 'values'}`}</title>
          </rect>
        );
      })}
      <text className="histogram__label" x={PLOT.left} y={10}>
        {`max ${formatCount(highest)}`}
      </text>
      <text className="histogram__label" x={PLOT.left} y={HEIGHT - 16}>
        {formatStatistic(first)}
      </text>
      <text className="histogram__label" x={PLOT.right} y={HEIGHT - 16} textAnchor="end">
        {formatStatistic(last)}
      </text>
    </svg>
  );
}

// The last bin is closed: it also holds the maximum.
function bin(edges: number[], k: number): string {
  const close = k === edges.length - 2 ? ']' : ')';
  return `[${formatStatistic(edges[k] ?? 0)}, ${formatStatistic(edges[k + 1] ?? 0)}${close}`;
}
