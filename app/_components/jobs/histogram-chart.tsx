'use client';

import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { formatCount } from './format.ts';
import { histogramAxis, histogramBins } from './histogram-bins.ts';
import type { Histogram } from './histogram-bins.ts';

const WIDTH = 320;
const HEIGHT = 150;
const PLOT = { left: 30, right: WIDTH - 6, top: 10, bottom: 124 };

/**
 * A histogram as plain SVG bars with its axes' values (0 and the fullest
 * bar's count; the first value and the column's maximum): an image named
 * "Histogram of <column>" that describes its range. Hovering a bar, or
 * focusing the chart and moving with the arrow keys, shows the bar's range
 * and count in a tooltip.
 */
export function HistogramChart({ column, histogram, max }: { column: string; histogram: Histogram; max: number }) {
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  const bins = histogramBins(histogram, max);
  if (bins.length === 0) return <p className="muted">No values to chart.</p>;
  const axis = histogramAxis(histogram, max);
  const highest = Math.max(...bins.map((bin) => bin.count), 1);
  const fullest = bins.findIndex((bin) => bin.count === highest);
  const slot = (PLOT.right - PLOT.left) / bins.length;
  const shown = active === null ? null : bins[active];

  function move(event: KeyboardEvent<SVGSVGElement>) {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -bins.length, End: bins.length }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    setActive((current) => Math.min(Math.max((current ?? (step > 0 ? -1 : bins.length)) + step, 0), bins.length - 1));
  }

  return (
    <figure className="histogram-figure">
      <svg
        className="histogram"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        tabIndex={0}
        onKeyDown={move}
        onFocus={() => setActive((current) => current ?? fullest)}
        onBlur={() => setActive(null)}
        onMouseLeave={() => setActive(null)}
        data-testid="histogram"
      >
        <title id={`${id}-title`}>{`Histogram of ${column}`}</title>
        <desc id={`${id}-desc`}>{`${bins.length} ${bins.length === 1 ? 'bar' : 'bars'} from ${axis.start} to ${axis.end}; the fullest, ${bins[fullest]?.range}, holds ${formatCount(highest)} values. Use the arrow keys to read each bar.`}</desc>
        <line className="histogram__grid" x1={PLOT.left} x2={PLOT.right} y1={PLOT.top} y2={PLOT.top} />
        <line className="histogram__axis" x1={PLOT.left} x2={PLOT.right} y1={PLOT.bottom} y2={PLOT.bottom} />
        {bins.map((bin, k) => {
          const height = ((PLOT.bottom - PLOT.top) * bin.count) / highest;
          return (
            <rect
              key={k}
              className="histogram__bar"
              data-active={k === active || undefined}
              x={PLOT.left + k * slot + 0.5}
              y={PLOT.bottom - height}
              width={Math.max(slot - 1, 0.5)}
              height={height}
              onMouseEnter={() => setActive(k)}
              data-testid="histogram-bar"
            />
          );
        })}
        <text className="histogram__label" x={PLOT.left - 4} y={PLOT.top + 3} textAnchor="end">
          {formatCount(highest)}
        </text>
        <text className="histogram__label" x={PLOT.left - 4} y={PLOT.bottom} textAnchor="end">
          0
        </text>
        <text className="histogram__label" x={PLOT.left} y={HEIGHT - 4}>
          {axis.start}
        </text>
        <text className="histogram__label" x={PLOT.right} y={HEIGHT - 4} textAnchor="end">
          {axis.end}
        </text>
      </svg>
      {shown && active !== null && (
        <p className="histogram__tip" role="status" data-testid="histogram-tip" style={{ left: `${tipLeft(active, bins.length)}%` }}>
          <strong>{shown.range}</strong>: {formatCount(shown.count)} {shown.count === 1 ? 'value' : 'values'}
        </p>
      )}
    </figure>
  );
}

// The tooltip's centre above bar k, in % of the chart's width, kept clear of the edges.
function tipLeft(k: number, bars: number): number {
  const centre = (PLOT.left + (k + 0.5) * ((PLOT.right - PLOT.left) / bars)) / WIDTH;
  return Math.min(Math.max(centre * 100, 20), 80);
}
