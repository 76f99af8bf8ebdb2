import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { probeTargetOf, targetLabel } from './address';
import { type ProbeOutcome, recordProbes } from './record';
import { claimDueTargets, syncProbeTargets } from './targets';
import { type TcpProbeResult, tcpProbe } from './tcp-probe';

/** Settings of one prober round. */
export interface ProbeRoundOptions {
  readonly db: Kysely<Database>;
  /** The round's time: claims, schedules and stored results use it (tests move it). */
  readonly now: Date;
  /** Time between two probes of a contract (DC_PROBER_INTERVAL_MS). */
  readonly intervalMs: number;
  /** TCP connect timeout (DC_PROBER_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Connections open at once (DC_PROBER_CONCURRENCY). */
  readonly concurrency: number;
  /** Probe loopback and private addresses too (DC_PROBER_ALLOW_PRIVATE). */
  readonly allowPrivate: boolean;
  /** Names this instance in the schedule's claims. */
  readonly instanceId: string;
  /** Contracts claimed per statement. */
  readonly batchSize?: number;
  /** The connect function; tests may replace it. */
  readonly probe?: (
    target: { host: string; port: number },
    timeoutMs: number,
  ) => Promise<TcpProbeResult>;
}

/** What a round did. */
export interface ProbeRoundReport {
  /** Contracts probed (a result stored for each). */
  readonly probed: number;
  /** Claimed contracts without a public address: nothing to probe, tried again next round. */
  readonly skipped: number;
}

/**
 * One prober round: syncs the schedule with the delivered contracts, then claims due contracts
 * in batches (each contract is claimed by one instance per round) and connects to their SSH
 * ports, at most `concurrency` at a time, storing each result with the agent's view beside it.
 */
export async function runProbeRound(options: ProbeRoundOptions): Promise<ProbeRoundReport> {
  const { db, now, intervalMs } = options;
  const probe = options.probe ?? tcpProbe;
  const batchSize = options.batchSize ?? 200;
  await syncProbeTargets(db, now);
  let probed = 0;
  let skipped = 0;
  for (;;) {
    const claimed = await claimDueTargets(db, {
      now,
      intervalMs,
      instanceId: options.instanceId,
      limit: batchSize,
    });
    const work = claimed.flatMap((row) => {
      const target = probeTargetOf(row.instance, options.allowPrivate);
      return target === null ? [] : [{ contractId: row.contractId, target }];
    });
    skipped += claimed.length - work.length;
    const outcomes: ProbeOutcome[] = [];
    let next = 0;
    const lane = async () => {
      while (next < work.length) {
        const item = work[next++];
        if (item === undefined) break;
        const result = await probe(item.target, options.timeoutMs);
        outcomes.push({
          contractId: item.contractId,
          probedAt: now,
          target: targetLabel(item.target),
          result,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
    await recordProbes(db, outcomes, intervalMs);
    probed += outcomes.length;
    if (claimed.length < batchSize) break;
  }
  return { probed, skipped };
}
