/** A percentage as the API gives it, or a dash when there is none (no data is not 0 %). */
export const pct = (value: number | null | undefined): string =>
  value == null ? '—' : `${value.toFixed(1)} %`;

/** A duration in seconds, in the unit a person reads best. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** `rate (n of d)`, the figure with what it is made of. */
export const rateOf = (rate: number | null, count: number, of: number): string =>
  `${pct(rate)} (${count} of ${of})`;
