/**
 * @module
 * Time-series charts with uPlot (tiny, maintained, canvas). uPlot needs the DOM, so the server
 * renders a placeholder of the same size with the totals, and the chart is drawn after hydration.
 */
import { useEffect, useRef } from "react";
import type uPlot from "uplot";

/** One series of a chart. */
export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

/** Props of `TimeChart`. */
export interface TimeChartProps {
  /** Bucket starts, unix seconds. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  /** Bars (one series, event counts) or stacked lines (several). */
  kind?: "bars" | "lines";
  /** Accessible summary, also shown before the chart is drawn. */
  summary: string;
}

/** A responsive uPlot chart of `series` over `times`. */
export function TimeChart({ times, series, height = 160, kind = "bars", summary }: TimeChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      el.textContent = "";
      const bars = kind === "bars" ? UPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
      chart = new UPlot(
        {
          width: el.clientWidth || 600,
          height,
          legend: { show: series.length > 1 },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          axes: [
            { stroke: "#6b6478", grid: { show: false } },
            { stroke: "#6b6478", size: 40, grid: { stroke: "#eee" } },
          ],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              fill: kind === "bars" ? s.color : `${s.color}22`,
              width: kind === "bars" ? 0 : 1.5,
              paths: bars,
              points: { show: false },
            })),
          ],
        },
        [times, ...series.map((s) => s.values)],
        el,
      );
      observer = new ResizeObserver(() => chart?.setSize({ width: el.clientWidth, height }));
      observer.observe(el);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [times, series, height, kind]);
  return (
    <div className="chart" role="img" aria-label={summary} style={{ minHeight: height + (series.length > 1 ? 30 : 0) }}>
      <div ref={ref} className="chart-canvas">
        <p className="muted small chart-placeholder">{summary}</p>
      </div>
    </div>
  );
}
