import type { UptimeReport, UptimeSeries } from '@dc/client';
import { useMemo } from 'react';
import { formatTime } from '../../components/money';
import { LazyTimeChart } from './charts/lazy-chart';
import { duration, pct } from './figures';
import { TableWrap } from './table-wrap';

const formatY = (value: number) => `${value.toFixed(0)} %`;
const PERCENT: readonly [number, number] = [0, 100];
const DAY = 86_400;

/** The last `days` UTC days, today included, with half a day either side (unix seconds). */
function lastDays(days: number): readonly [number, number] {
  const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
  return [today - (days - 1) * DAY - DAY / 2, today + DAY / 2];
}

/** Uptime over 24 h, 7 d and 30 d with the checks behind each figure. */
export function UptimeWindows({
  report,
  label,
}: {
  readonly report: UptimeReport;
  readonly label: string;
}) {
  return (
    <TableWrap label={label}>
      <table>
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col">Uptime</th>
            <th scope="col">Delivered time</th>
            <th scope="col">Agent checks</th>
            <th scope="col">Probes</th>
            <th scope="col">Disagreements</th>
          </tr>
        </thead>
        <tbody>
          {report.windows.map((w) => (
            <tr key={w.window}>
              <th scope="row">{w.window}</th>
              <td data-testid={`uptime-${w.window}`}>{pct(w.uptime_pct)}</td>
              <td>{duration(w.expected_seconds)}</td>
              <td>{w.agent_checks}</td>
              <td>{w.probes}</td>
              <td>{w.disagreements}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {report.computed_at
          ? `Measured up to ${formatTime(report.computed_at)}.`
          : 'Not measured yet: the platform computes uptime on a schedule.'}
      </p>
    </TableWrap>
  );
}

/** The daily uptime chart and, as its accessible alternative, the same days as a table. */
export function UptimeDaily({
  series,
  label,
}: {
  readonly series: UptimeSeries;
  readonly label: string;
}) {
  const chart = useMemo(
    () => ({
      x: series.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
      series: [{ label: 'Uptime', values: series.days.map((d) => d.uptime_pct) }],
      span: lastDays(30),
    }),
    [series],
  );
  if (series.days.length === 0) {
    return <p className="muted">No delivered time in the last 30 days: nothing to chart yet.</p>;
  }
  const last = series.days.at(-1);
  return (
    <>
      <LazyTimeChart
        summary={`${label}, daily, ${series.days.length} days; latest ${last ? pct(last.uptime_pct) : '—'}. The table below has every day.`}
        x={chart.x}
        series={chart.series}
        formatY={formatY}
        yRange={PERCENT}
        xRange={chart.span}
      />
      <details>
        <summary>{label} per day as a table</summary>
        <TableWrap label={`${label} per day`}>
          <table data-testid="uptime-table">
            <caption className="visually-hidden">{label} per UTC day</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Uptime</th>
                <th scope="col">Delivered time</th>
                <th scope="col">Agent checks</th>
                <th scope="col">Probes</th>
              </tr>
            </thead>
            <tbody>
              {series.days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{pct(d.uptime_pct)}</td>
                  <td>{duration(d.expected_seconds)}</td>
                  <td>{d.agent_checks}</td>
                  <td>{d.probes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </>
  );
}
