import type { FixtureCheck, FixtureEvent, FixtureProbe } from './_fixture';
import { MINUTE } from './_fixture';

/**
 * Uptime by brute force, minute by minute, written from trust.md §1 independently of the SQL
 * (which works on time ranges): a minute counts as expected while the contract is
 * `provisioned` or `active`; it is healthy when the latest probe covering it connected, or,
 * with no probe covering it, the latest agent check covering it said `healthy`. A sample covers
 * from its time until the next sample of its kind, at most `coverMs`. Every fixture time is a
 * whole minute, so minutes give exact seconds.
 */
export function simulateUptime(
  contract: {
    readonly requestedAt: Date;
    readonly events: readonly FixtureEvent[];
    readonly checks: readonly FixtureCheck[];
    readonly probes: readonly FixtureProbe[];
  },
  from: Date,
  to: Date,
  coverMs: number,
): { expected: number; healthy: number; checks: number; probes: number; disagreements: number } {
  const timeline = [
    { at: contract.requestedAt.getTime(), status: 'requested' },
    ...contract.events.map((e) => ({ at: e.at.getTime(), status: e.to })),
  ];
  const statusAt = (t: number) => {
    let status = 'none';
    for (const step of timeline) if (step.at <= t) status = step.status;
    return status;
  };
  const covering = <S extends { at: Date }>(samples: readonly S[], t: number): S | undefined => {
    let found: S | undefined;
    let next: number | undefined;
    for (let i = 0; i < samples.length; i += 1) {
      const sample = samples[i] as S;
      if (sample.at.getTime() <= t) {
        found = sample;
        next = samples[i + 1]?.at.getTime();
      }
    }
    if (found === undefined) return undefined;
    const end = Math.min(next ?? Number.POSITIVE_INFINITY, found.at.getTime() + coverMs);
    return t < end ? found : undefined;
  };
  let expected = 0;
  let healthy = 0;
  for (let t = from.getTime(); t < to.getTime(); t += MINUTE) {
    const status = statusAt(t);
    if (status !== 'provisioned' && status !== 'active') continue;
    expected += 60;
    const probe = covering(contract.probes, t);
    if (probe !== undefined) {
      if (probe.reachable) healthy += 60;
      continue;
    }
    if (covering(contract.checks, t)?.status === 'healthy') healthy += 60;
  }
  const inWindow = (at: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();
  return {
    expected,
    healthy,
    checks: contract.checks.filter((c) => inWindow(c.at)).length,
    probes: contract.probes.filter((p) => inWindow(p.at)).length,
    disagreements: contract.probes.filter((p) => p.disagrees && inWindow(p.at)).length,
  };
}

/** Median as trust.md §2 reports it: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
