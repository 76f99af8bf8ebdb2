import { assertBigint } from './_assert';
import { bigMax, bigMin } from './_bigint';
import { dateFromMillis, instantMillis, MILLIS_PER_HOUR } from './_time';
import { PricingError } from './errors';
import { paidHours, type Segment } from './segment';

/**
 * The state of a contract's paid-term clock. The term starts at delivery (`provisioned`),
 * never at creation, so delivery delay is never billed; paused time is not billed either.
 */
export interface TermClock {
  /** When the server was delivered; `null` while not delivered yet (nothing is consumed). */
  readonly start: Date | null;
  /** Total milliseconds of completed pauses (each `pause` .. `resume`). */
  readonly pausedMillis: bigint;
  /** Start of the pause in progress, or `null` when not paused. */
  readonly pausedSince: Date | null;
  /** When service stopped (cancel, expiry); time after it is not consumed. `null` if running. */
  readonly endedAt: Date | null;
}

interface ClockMillis {
  readonly start: bigint;
  readonly pausedMillis: bigint;
  readonly pausedSince: bigint | null;
  readonly endedAt: bigint | null;
}

function optionalInstant(name: string, value: unknown): bigint | null {
  return value === null ? null : instantMillis(name, value);
}

/**
 * Validates `clock` and converts it to bigint milliseconds; `null` before delivery.
 *
 * @throws PricingError `INVALID_CLOCK` for a negative pause total, a pause without a delivery,
 *   or a pause or end earlier than the start.
 */
export function clockMillis(clock: TermClock): ClockMillis | null {
  if (typeof clock !== 'object' || clock === null) {
    throw new TypeError(
      '"clock" must be a TermClock { start, pausedMillis, pausedSince, endedAt }',
    );
  }
  assertBigint('clock.pausedMillis', clock.pausedMillis);
  if (clock.pausedMillis < 0n) {
    throw new PricingError(
      'INVALID_CLOCK',
      `"clock.pausedMillis" must be >= 0, got ${clock.pausedMillis}`,
    );
  }
  const start = optionalInstant('clock.start', clock.start);
  const pausedSince = optionalInstant('clock.pausedSince', clock.pausedSince);
  const endedAt = optionalInstant('clock.endedAt', clock.endedAt);
  if (start === null) {
    if (pausedSince !== null || clock.pausedMillis !== 0n) {
      throw new PricingError(
        'INVALID_CLOCK',
        '"clock" has pause time but no "start"; only a delivered term can be paused',
      );
    }
    return null;
  }
  if (pausedSince !== null && pausedSince < start) {
    throw new PricingError(
      'INVALID_CLOCK',
      `"clock.pausedSince" (${clock.pausedSince?.toISOString()}) is before "clock.start" (${clock.start?.toISOString()})`,
    );
  }
  if (endedAt !== null && endedAt < start) {
    throw new PricingError(
      'INVALID_CLOCK',
      `"clock.endedAt" (${clock.endedAt?.toISOString()}) is before "clock.start" (${clock.start?.toISOString()})`,
    );
  }
  return { start, pausedMillis: clock.pausedMillis, pausedSince, endedAt };
}

/** Used milliseconds of a validated clock at instant `now` (see {@link usedMillis}). */
export function usedMillisAt(clock: ClockMillis | null, now: bigint): bigint {
  if (clock === null) return 0n;
  const until = clock.endedAt === null ? now : bigMin(clock.endedAt, now);
  const openPause =
    clock.pausedSince !== null && until > clock.pausedSince ? until - clock.pausedSince : 0n;
  const used = until - clock.start - clock.pausedMillis - openPause;
  return bigMax(0n, used);
}

/**
 * Billable milliseconds consumed by instant `now`:
 * `max(0, min(now, endedAt) - start - pausedMillis - open pause up to that moment)`.
 * Zero before delivery. Non-decreasing in `now`; constant while paused and after `endedAt`.
 *
 * @throws TypeError for an invalid `Date`; PricingError `INVALID_CLOCK` for an inconsistent clock.
 */
export function usedMillis(clock: TermClock, now: Date): bigint {
  const millis = clockMillis(clock);
  return usedMillisAt(millis, instantMillis('now', now));
}

/**
 * When the paid term ends: `start + total paid hours + all paused time`, since paused time is
 * not billed and so moves the end. `null` before delivery (the term has not started).
 *
 * A pause still in progress counts up to `now` when `now` is given (the end if the pause ended
 * now), and not at all without it (the end as it stood when the pause began). `endedAt` does
 * not shorten the result: it is the end of the paid term, whether or not service ran to it.
 */
export function termEnd(clock: TermClock, segments: readonly Segment[], now?: Date): Date | null {
  const millis = clockMillis(clock);
  const hours = paidHours(segments);
  if (millis === null) return null;
  let paused = millis.pausedMillis;
  if (millis.pausedSince !== null && now !== undefined) {
    const at = instantMillis('now', now);
    // A pause open when service ended stops counting at the end, like every other clock.
    const until = millis.endedAt === null ? at : bigMin(millis.endedAt, at);
    if (until > millis.pausedSince) paused += until - millis.pausedSince;
  }
  return dateFromMillis(millis.start + hours * MILLIS_PER_HOUR + paused);
}
