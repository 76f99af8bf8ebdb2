import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a {@link TimeChart}. */
export interface ChartSeries {
  readonly label: string;
  /** One value per x, null where there is none. */
  readonly values: readonly (number | null)[];
}

/** Props of {@link TimeChart}. */
export interface TimeChartProps {
  /** What the chart shows, read by screen readers; the table next to it has the figures. */
  readonly summary: string;
  /** Unix seconds, ascending. */
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Formats a y value for the axis (e.g. `99.5 %`). */
  readonly formatY: (value: number) => string;
  /** Fixed y range, e.g. [0, 100] for percentages. */
  readonly yRange?: readonly [number, number];
  /** The time span shown, unix seconds; default: the data's days with half a day either side. */
  readonly xRange?: readonly [number, number];
}

const HALF_DAY = 43_200;

/** Re-renders when the theme changes (the header toggle or the system's preference). */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

const css = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || 'currentColor';

/**
 * A uPlot time chart (loaded only by the pages that chart), sized to its container and drawn
 * with the theme's CSS variables so dark mode works. The canvas is an image to assistive
 * technology, described by `summary`; the page's table is the accessible alternative.
 */
export default function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  const { x, series, formatY, yRange, xRange } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: theme re-reads the CSS colors
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const fg = css('--fg');
    const grid = css('--border');
    const palette = [css('--accent'), css('--ok'), css('--danger'), css('--muted')];
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          // A fixed span: uPlot would stretch one point over years.
          x: {
            time: true,
            range: [
              xRange?.[0] ?? (x[0] ?? 0) - HALF_DAY,
              xRange?.[1] ?? (x.at(-1) ?? 0) + HALF_DAY,
            ] as [number, number],
          },
          ...(yRange ? { y: { range: [yRange[0], yRange[1]] as [number, number] } } : {}),
        },
        axes: [axis, { ...axis, size: 64, values: (_u, ticks) => ticks.map(formatY) }],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: palette[i % palette.length] ?? fg,
            width: 2,
            points: { show: true, size: 6 },
            spanGaps: false,
          })),
        ],
      },
      [x as number[], ...series.map((s) => s.values as (number | null)[])],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 200), height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, formatY, yRange, xRange, theme]);
  return (
    <figure className="chart-figure">
      <div ref={box} className="chart" role="img" aria-label={props.summary} />
      {series.length > 1 ? (
        <figcaption className="chart-key">
          {series.map((s, i) => (
            <span key={s.label} data-series={i}>
              {s.label}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
