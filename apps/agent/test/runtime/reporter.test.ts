import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  type Problem,
  RateLimitedError,
  ServerError,
  ValidationError,
} from '@dc/client';
import { describe, expect, it } from 'vitest';
import { backoffCeiling } from '../../src/runtime/backoff';
import { type ReportRetry, sendReport } from '../../src/runtime/reporter';

const BACKOFF = { baseMs: 1_000, capMs: 30_000 };

function problem(status: number, code: string, detail = 'detail'): Problem {
  return { type: 'about:blank', title: code, status, code, detail };
}

const network = () =>
  new NetworkError('http://127.0.0.1:1/v1/agent/jobs/x/complete', new Error('ECONNREFUSED'));

/** A retry policy that records the sleeps instead of sleeping, and the link's view. */
function recording(): ReportRetry & {
  sleeps: number[];
  link: { oks: number; failures: number; ok(): void; failed(e: unknown): boolean };
} {
  const sleeps: number[] = [];
  const link = {
    oks: 0,
    failures: 0,
    ok() {
      this.oks += 1;
    },
    failed() {
      this.failures += 1;
      return true;
    },
  };
  return {
    backoff: BACKOFF,
    link,
    sleeps,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

/** A send that throws each of `errors` in turn, then answers `value`. */
function sequence<T>(errors: unknown[], value: T) {
  const calls = { count: 0 };
  const send = async () => {
    calls.count += 1;
    const error = errors.shift();
    if (error !== undefined) throw error;
    return value;
  };
  return { send, calls };
}

describe('report retries', () => {
  it('waits out an outage of any length (network, 5xx, 429) and delivers the report', async () => {
    const retry = recording();
    const errors = [
      network(),
      new ServerError(problem(503, 'unavailable')),
      new RateLimitedError(problem(429, 'rate_limited')),
      ...Array.from({ length: 12 }, network),
    ];
    const { send, calls } = sequence(errors, { status: 'completed' });
    const result = await sendReport(send, retry, new AbortController().signal);
    expect(result).toEqual({ outcome: 'sent', value: { status: 'completed' } });
    expect(calls.count).toBe(16);
    // Full jitter (random 0.5): half of each ceiling, the ceiling doubling up to the cap.
    expect(retry.sleeps).toEqual(
      Array.from({ length: 15 }, (_, n) => Math.floor(backoffCeiling(n, BACKOFF) / 2)),
    );
    expect(retry.link.failures).toBe(15);
    expect(retry.link.oks).toBe(1);
  });

  it('stops at once, without retrying, when the lease was superseded (409 stale_lease)', async () => {
    const retry = recording();
    const { send, calls } = sequence([new ConflictError(problem(409, 'stale_lease'))], 'x');
    const result = await sendReport(send, retry, new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'lease_lost' });
    expect(calls.count).toBe(1);
    expect(retry.sleeps).toEqual([]);
  });

  it('counts a vanished job and a revoked or expired delegation as a lost lease', async () => {
    for (const error of [
      new NotFoundError(problem(404, 'not_found')),
      new ForbiddenError(problem(403, 'forbidden')),
      new AuthenticationError(problem(401, 'delegation_revoked')),
      new AuthenticationError(problem(401, 'delegation_expired')),
    ]) {
      const { send } = sequence([error], 'x');
      const result = await sendReport(send, recording(), new AbortController().signal);
      expect(result.outcome).toBe('lease_lost');
    }
  });

  it('retries a signature the API refused for its clock (the lease may still stand)', async () => {
    const retry = recording();
    const { send, calls } = sequence(
      [new AuthenticationError(problem(401, 'stale_timestamp'))],
      'done',
    );
    expect(await sendReport(send, retry, new AbortController().signal)).toEqual({
      outcome: 'sent',
      value: 'done',
    });
    expect(calls.count).toBe(2);
  });

  it('gives a refused report (422) back to the caller instead of repeating it', async () => {
    const retry = recording();
    const { send, calls } = sequence(
      [new ValidationError(problem(422, 'credentials_not_for_renter', 'no slot for a key'))],
      'x',
    );
    const result = await sendReport(send, retry, new AbortController().signal);
    expect(result).toEqual({
      outcome: 'refused',
      error: '422 credentials_not_for_renter: no slot for a key',
    });
    expect(calls.count).toBe(1);
  });

  it('ends when its signal aborts, even in the middle of an outage', async () => {
    const controller = new AbortController();
    const retry: ReportRetry = {
      ...recording(),
      sleep: async () => {
        controller.abort();
      },
    };
    const { send, calls } = sequence([network(), network(), network()], 'x');
    expect(await sendReport(send, retry, controller.signal)).toEqual({ outcome: 'aborted' });
    expect(calls.count).toBe(1);
  });
});
