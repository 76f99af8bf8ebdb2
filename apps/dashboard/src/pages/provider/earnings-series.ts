import type { EarningEntry } from '@dc/client';
import { currencyExponent } from '@dc/pricing';
import type { ChartSeries } from './charts/time-chart';

const DAY_SECONDS = 86_400;

/**
 * Earnings booked per UTC day and currency, in major units (a chart's y values), from the
 * API's ledger entries; the amounts are the API's, only summed per day here.
 */
export function earningsPerDay(entries: readonly EarningEntry[]): {
  x: number[];
  series: ChartSeries[];
} {
  const byDay = new Map<number, Map<string, number>>();
  for (const entry of entries) {
    const day = Math.floor(Date.parse(entry.accrued_at) / 1000 / DAY_SECONDS) * DAY_SECONDS;
    const sums = byDay.get(day) ?? new Map<string, number>();
    sums.set(entry.currency, (sums.get(entry.currency) ?? 0) + entry.amount);
    byDay.set(day, sums);
  }
  const x = [...byDay.keys()].sort((a, b) => a - b);
  const currencies = [...new Set(entries.map((e) => e.currency))].sort();
  const series = currencies.map((currency) => ({
    label: currency,
    values: x.map((day) => {
      const minor = byDay.get(day)?.get(currency);
      return minor === undefined ? null : minor / 10 ** currencyExponent(currency);
    }),
  }));
  return { x, series };
}
