// The in-process wake-up hub: an enqueue wakes one waiting long-poll of its queue rather than the
// whole pool (no thundering herd on the database), and the woken one can hand it on, so a job
// is never left queued while agents wait.

import { describe, expect, it } from 'vitest';
import { WakeupHub } from '../../src/wakeups/hub';

const KEY = 'provider:pool';
const LONG = 20_000;

/** Whether `promise` has settled, after letting already-queued callbacks run. */
async function settled(promise: Promise<boolean>): Promise<boolean | 'pending'> {
  const pending = new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')));
  return Promise.race([promise, pending]);
}

describe('wake-up hub', () => {
  it('wakes one waiting agent per enqueue, the one that waited longest', async () => {
    const hub = new WakeupHub();
    const first = hub.subscribe(KEY);
    const firstWoken = first.wait(LONG);
    const second = hub.subscribe(KEY);
    const secondWoken = second.wait(LONG);
    hub.wake(KEY);
    expect(await settled(firstWoken)).toBe(true);
    expect(await settled(secondWoken)).toBe('pending');
    await hub.close();
  });

  it('hands the wake-up on when the woken agent found nothing for it, once per waiter', async () => {
    const hub = new WakeupHub();
    const first = hub.subscribe(KEY);
    const firstWoken = first.wait(LONG);
    const second = hub.subscribe(KEY);
    const secondWoken = second.wait(LONG);
    hub.wake(KEY);
    expect(await firstWoken).toBe(true);
    first.passOn();
    expect(await settled(secondWoken)).toBe(true);
    // Every waiter present at the notification has had its look: the chain stops.
    const third = hub.subscribe(KEY);
    const thirdWoken = third.wait(LONG);
    second.passOn();
    expect(await settled(thirdWoken)).toBe('pending');
    await hub.close();
  });

  it('passes on a wake-up its receiver dropped without looking at the queue', async () => {
    const hub = new WakeupHub();
    // Mid-look when the job is committed, then its request ends with what it had found before.
    const looking = hub.subscribe(KEY);
    hub.wake(KEY);
    const waiting = hub.subscribe(KEY);
    const woken = waiting.wait(LONG);
    looking.cancel();
    expect(await settled(woken)).toBe(true);
    await hub.close();
  });
});
