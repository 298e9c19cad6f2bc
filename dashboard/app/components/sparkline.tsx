/**
 * @module
 * An issue row's event sparkline: one SVG of bars, rendered on the server. A chart library would
 * add a client-side instance per row (25 to 100 per page) for 24 bars; uPlot draws the big charts.
 */
import type { StatPoint } from "../utils/types.ts";

/** Bars of `[ts, count]` points, scaled to the largest. */
export function Sparkline({
  points,
  width = 96,
  height = 24,
}: {
  points: StatPoint[] | undefined;
  width?: number;
  height?: number;
}) {
  if (!points || points.length === 0) return <span className="muted small">–</span>;
  const peak = Math.max(0, ...points.map((p) => p[1]));
  const max = Math.max(1, peak);
  const w = width / points.length;
  const total = points.reduce((s, p) => s + p[1], 0);
  return (
    // One label for the whole chart: a <title> per bar would add 24 elements per row to every page.
    <svg className="sparkline" width={width} height={height} role="img" aria-label={`${total} events in the period`}>
      <title>{`${total} events, peak ${peak} per bucket`}</title>
      {points.map(([ts, n], i) => {
        const h = n === 0 ? 1 : Math.max(2, (n / max) * height);
        return (
          <rect
            key={ts}
            x={i * w + 0.5}
            y={height - h}
            width={Math.max(1, w - 1)}
            height={h}
            className={n === 0 ? "zero" : ""}
          />
        );
      })}
    </svg>
  );
}
