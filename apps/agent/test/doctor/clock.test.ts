import { describe, expect, it } from 'vitest';
import { checkClock } from '../../src/doctor/api-checks';

describe('the clock check', () => {
  it('passes within a minute of the API', () => {
    expect(checkClock(-59_000)).toEqual({
      check: 'clock',
      status: 'ok',
      message: "clock within 59 s of the API's",
    });
  });

  it('warns past a minute, saying which way and how to sync', () => {
    expect(checkClock(90_000)).toEqual({
      check: 'clock',
      status: 'warn',
      message:
        "this machine's clock is 90 s behind the API's (signatures fail past 300 s); sync it (timedatectl set-ntp true)",
    });
  });

  it('fails past five minutes, when the API refuses every signature', () => {
    expect(checkClock(-301_000)).toMatchObject({
      status: 'error',
      message:
        "this machine's clock is 301 s ahead of the API's, so it refuses every signature; sync it (timedatectl set-ntp true)",
    });
  });

  it('is skipped when the API sent no Date header', () => {
    expect(checkClock(undefined).status).toBe('skipped');
  });
});
