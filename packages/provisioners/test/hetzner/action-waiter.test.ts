import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProvisionerError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { createHetznerProvisioner } from '../../src/providers/hetzner';
import { ActionWaiter } from '../../src/providers/hetzner/action-waiter';
import type { HAction, HetznerApi } from '../../src/providers/hetzner/api';
import { createHcloudAdapter } from '../../src/providers/hetzner/hcloud-adapter';
import { FAST_RETRY, newContractId, requestFor, startFake } from './helpers';

const running = (id: number, command = 'create_server'): HAction => ({
  id,
  command,
  status: 'running',
  error: null,
});

/** An API double whose actions end when the test says so; it records every read. */
function actionsApi() {
  const state = new Map<number, HAction>();
  const lists: number[][] = [];
  const singles: number[] = [];
  let failLists: Error | undefined;
  const api = {
    async getActions(ids: readonly number[]) {
      lists.push([...ids]);
      if (failLists) throw failLists;
      return ids.flatMap((id) => {
        const action = state.get(id);
        return action ? [action] : [];
      });
    },
    async getAction(id: number) {
      singles.push(id);
      const action = state.get(id);
      if (!action) throw new ProvisionerError('not_found', `action ${id} not found`);
      return action;
    },
  } as unknown as HetznerApi;
  return {
    api,
    lists,
    singles,
    start: (id: number, command?: string) => {
      const action = running(id, command);
      state.set(id, action);
      return action;
    },
    finish: (id: number, error?: { code: string; message: string }) => {
      const action = state.get(id);
      if (action)
        state.set(id, { ...action, status: error ? 'error' : 'success', error: error ?? null });
    },
    forget: (id: number) => state.delete(id),
    failLists: (error: Error | undefined) => {
      failLists = error;
    },
  };
}

/** Settles a promise into what it did, without an unhandled rejection meanwhile. */
function outcome(promise: Promise<void>) {
  const seen: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = {
    state: 'pending',
  };
  promise.then(
    () => {
      seen.state = 'resolved';
    },
    (error: unknown) => {
      seen.state = 'rejected';
      seen.error = error;
    },
  );
  return seen;
}

describe('hetzner ActionWaiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const wait = { timeoutMs: 60_000 };

  it('reads the actions of every waiting caller in one request per round', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const a = outcome(
      waiter.wait([cloud.start(1), cloud.start(2, 'start_server')], { ...wait, what: 'a' }),
    );
    await vi.advanceTimersByTimeAsync(40);
    const b = outcome(waiter.wait([cloud.start(3)], { ...wait, what: 'b' }));
    // A's first round: B is not due yet (an action just started is never done).
    await vi.advanceTimersByTimeAsync(60);
    expect(cloud.lists).toEqual([[1, 2]]);
    cloud.finish(1);
    cloud.finish(2);
    await vi.advanceTimersByTimeAsync(100);
    // The next round reads both callers' actions at once.
    expect(cloud.lists).toEqual([
      [1, 2],
      [1, 2, 3],
    ]);
    expect(a.state).toBe('resolved');
    expect(b.state).toBe('pending');
    cloud.finish(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(b.state).toBe('resolved');
    // One action left: read by id.
    expect(cloud.singles).toEqual([3]);
  });

  it('starts no request while nothing is waiting, and none for actions already done', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    await waiter.wait([{ ...running(1), status: 'success' }], { ...wait, what: 'done' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cloud.lists).toEqual([]);
    expect(cloud.singles).toEqual([]);
  });

  it('fails only the wait whose action failed', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const a = outcome(waiter.wait([cloud.start(1)], { ...wait, what: 'server 1 to be created' }));
    const b = outcome(waiter.wait([cloud.start(2)], { ...wait, what: 'server 2 to be created' }));
    cloud.finish(1, { code: 'action_failed', message: 'no capacity' });
    await vi.advanceTimersByTimeAsync(100);
    expect(cloud.lists).toEqual([[1, 2]]);
    expect(a.state).toBe('rejected');
    expect(a.error).toMatchObject({
      code: 'upstream_error',
      upstreamCode: 'action_failed',
      message: expect.stringContaining('server 1 to be created: action_failed: no capacity'),
    });
    expect(b.state).toBe('pending');
    cloud.finish(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(b.state).toBe('resolved');
    expect(cloud.lists).toEqual([[1, 2]]);
    expect(cloud.singles).toEqual([2]);
  });

  it('ends an aborted wait at once and keeps polling for the others', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const controller = new AbortController();
    const a = outcome(
      waiter.wait([cloud.start(1)], { ...wait, what: 'a', signal: controller.signal }),
    );
    const b = outcome(waiter.wait([cloud.start(2)], { ...wait, what: 'b' }));
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.state).toBe('rejected');
    expect(a.error).toMatchObject({ code: 'aborted' });
    cloud.finish(2);
    await vi.advanceTimersByTimeAsync(100);
    // Only B's action is read, by id.
    expect(cloud.lists).toEqual([]);
    expect(cloud.singles).toEqual([2]);
    expect(b.state).toBe('resolved');
  });

  it('reads an action missing from the list by id, failing only its own wait', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const a = outcome(waiter.wait([cloud.start(1)], { ...wait, what: 'a' }));
    const b = outcome(waiter.wait([cloud.start(2)], { ...wait, what: 'b' }));
    cloud.forget(1);
    cloud.finish(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(cloud.singles).toEqual([1]);
    expect(a.error).toMatchObject({ code: 'not_found' });
    expect(b.state).toBe('resolved');
  });

  it('reads again next round after a transient failure, and fails the waits on any other', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const a = outcome(waiter.wait([cloud.start(1)], { ...wait, what: 'a' }));
    const b = outcome(waiter.wait([cloud.start(2)], { ...wait, what: 'b' }));
    cloud.failLists(new ProvisionerError('network_error', 'Hetzner API: network error'));
    await vi.advanceTimersByTimeAsync(100);
    // One shared request failing (after its own retries) does not fail every job.
    expect([a.state, b.state]).toEqual(['pending', 'pending']);
    cloud.failLists(undefined);
    cloud.finish(1);
    cloud.finish(2);
    await vi.advanceTimersByTimeAsync(100);
    expect([a.state, b.state]).toEqual(['resolved', 'resolved']);
    expect(cloud.lists).toEqual([
      [1, 2],
      [1, 2],
    ]);
    // A refusal that will not change (a revoked token) ends the waits at once.
    const c = outcome(waiter.wait([cloud.start(3), cloud.start(4)], { ...wait, what: 'c' }));
    cloud.failLists(new ProvisionerError('auth_failed', 'Hetzner API: unauthorized'));
    await vi.advanceTimersByTimeAsync(100);
    expect(c.error).toMatchObject({ code: 'auth_failed' });
  });

  it('times out like pollUntil: a retryable timeout naming what it waited for', async () => {
    const cloud = actionsApi();
    const waiter = new ActionWaiter(cloud.api, 100);
    const a = outcome(
      waiter.wait([cloud.start(1)], { timeoutMs: 1_000, what: 'server 1 to be deleted' }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(a.error).toMatchObject({
      code: 'timeout',
      retryable: true,
      message: 'timed out waiting for server 1 to be deleted',
    });
    const reads = cloud.singles.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cloud.singles.length).toBe(reads);
  });
});

describe('hetzner provisioner: one action poller for every job', () => {
  it('reads the actions of two concurrent provisions in one request', async () => {
    // Actions that take a while, polled often: the two waits overlap for many rounds.
    const fake = await startFake({ actionDelayMs: 1_000 });
    const adapter = createHcloudAdapter({
      baseUrl: fake.baseUrl,
      token: fake.token,
      timeoutMs: 5_000,
      logger: silentLogger,
    });
    const reads: number[][] = [];
    const api: HetznerApi = {
      ...adapter,
      getActions: (ids, o) => {
        reads.push([...ids]);
        return adapter.getActions?.(ids, o) ?? Promise.resolve([]);
      },
    };
    const p = createHetznerProvisioner(
      { token: fake.token, baseUrl: fake.baseUrl, pollIntervalMs: 50, actionTimeoutMs: 10_000 },
      { retry: FAST_RETRY, api },
    );
    const [a, b] = await Promise.all([
      p.provision(requestFor(newContractId())),
      p.provision(requestFor(newContractId())),
    ]);
    expect([a.status, b.status]).toEqual(['running', 'running']);
    // Each provision waits for its create and start actions: four ids, read together.
    expect(fake.actions()).toHaveLength(4);
    expect(reads.some((ids) => ids.length === 4)).toBe(true);
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/actions/'))).toEqual([]);
  });

  it('fails only the provision whose action failed', async () => {
    const fake = await startFake({ actionDelayMs: 50 });
    const p = createHetznerProvisioner(
      { token: fake.token, baseUrl: fake.baseUrl, pollIntervalMs: 20, actionTimeoutMs: 10_000 },
      { retry: FAST_RETRY },
    );
    fake.faults.failActionNext = 1;
    const results = await Promise.allSettled([
      p.provision(requestFor(newContractId())),
      p.provision(requestFor(newContractId())),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'upstream_error',
      upstreamCode: 'action_failed',
    });
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The failed one's server was cleaned up; the other one stands.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.servers()).toHaveLength(1);
  });
});
