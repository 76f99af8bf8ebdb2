import { lazy, Suspense } from 'react';
import type { TimeChartProps } from './time-chart';

// uPlot and its CSS load with the first chart a page shows, never with the initial bundle.
const TimeChart = lazy(() => import('./time-chart'));

/** {@link TimeChart}, loaded on first use; says so while it loads. */
export function LazyTimeChart(props: TimeChartProps) {
  return (
    <Suspense fallback={<p aria-busy="true">Loading the chart…</p>}>
      <TimeChart {...props} />
    </Suspense>
  );
}
