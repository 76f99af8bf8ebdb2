import { createClient, createWalletAdjustment, registerAccount } from '@dc/client';
import { generateIdentity, signRequest } from '@dc/crypto';
import pino from 'pino';
import { createJobWakeups } from '../../src/wakeups/create';
import type { JobWakeups, Wakeup } from '../../src/wakeups/hub';
import { type ContractWorld, TestClock } from '../contracts/_http';
import { newProvider, type TestAccount, unique } from '../offerings/_support';
import { createTestDatabase } from '../support/databases';
import { startTestServer, type TestServer } from '../support/server';

/**
 * An agents' queue key (`queueKey(provider, pool)`: two UUIDs, the pool one possibly empty).
 * Only those waits are observed: the server's own background workers (notifications, Chatwoot,
 * refunds, and any added later) wait on the same service with a timeout of a few seconds, and
 * counted, an idle worker passed for a waiting long-poll in `untilWaiting`, and a worker's
 * timed-out wait landed among a test's `outcomes`.
 */
const AGENT_QUEUE_KEY = /^[0-9a-f-]{36}:(?:[0-9a-f-]{36})?$/;

/**
 * The server's wake-up service with a window on it: how many agents' long-polls are waiting
 * right now, and how each of their waits ended (woken by an enqueue, or timed out).
 */
export class ObservedWakeups implements JobWakeups {
  private inner: JobWakeups | undefined;
  waiting = 0;
  readonly outcomes: boolean[] = [];

  private readonly early: Array<() => void> = [];

  attach(inner: JobWakeups): void {
    this.inner = inner;
    for (const ready of this.early.splice(0)) ready();
  }

  subscribe(key: string): Wakeup {
    if (!this.inner) return this.beforeAttach(key);
    const wakeup = this.inner.subscribe(key);
    if (!AGENT_QUEUE_KEY.test(key)) return wakeup;
    return {
      wait: async (timeoutMs) => {
        this.waiting += 1;
        try {
          const woken = await wakeup.wait(timeoutMs);
          this.outcomes.push(woken);
          return woken;
        } finally {
          this.waiting -= 1;
        }
      },
      passOn: () => wakeup.passOn(),
      cancel: () => wakeup.cancel(),
    };
  }

  /**
   * The server's background workers subscribe while it starts, before the test can attach the
   * service (it needs the started server's database): such a wake-up waits for the attach (or
   * its cancel), then waits on the real service for the time asked.
   */
  private beforeAttach(key: string): Wakeup {
    let real: Wakeup | undefined;
    let cancelled = false;
    let release = () => {};
    const attached = new Promise<void>((resolve) => {
      release = resolve;
      this.early.push(resolve);
    });
    return {
      wait: async (timeoutMs) => {
        await attached;
        if (cancelled || !this.inner) return false;
        real = this.inner.subscribe(key);
        return real.wait(timeoutMs);
      },
      passOn: () => real?.passOn(),
      cancel: () => {
        cancelled = true;
        real?.cancel();
        release();
      },
    };
  }

  /** Resolves once `count` long-polls are waiting. */
  async untilWaiting(count: number): Promise<void> {
    while (this.waiting < count) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }
}

/** A {@link ContractWorld} whose server's wake-ups can be observed. */
export interface DispatchWorld extends ContractWorld {
  readonly wakeups: ObservedWakeups;
}

/**
 * Like `contractWorld` (a test clock, an admin, helpers for parties), with the wake-up service
 * observed. The database is made here so its URL is known to the observed listener.
 */
export async function dispatchWorld(
  start = new Date('2026-03-01T09:00:00Z'),
): Promise<DispatchWorld> {
  const clock = new TestClock(start);
  const adminName = unique('admin');
  const database = await createTestDatabase();
  const wakeups = new ObservedWakeups();
  let server: TestServer;
  try {
    server = await startTestServer(
      { ...database.env, DC_ADMIN_USERNAMES: adminName },
      { services: { now: clock.now, jobWakeups: wakeups } },
    );
  } catch (error) {
    await database.drop();
    throw error;
  }
  wakeups.attach(
    await createJobWakeups({
      database: server.database,
      url: database.env['DATABASE_URL'],
      logger: pino({ level: 'silent' }),
    }),
  );
  const clientOf = () => {
    const identity = generateIdentity();
    const client = createClient({
      baseUrl: server.url,
      auth: {
        authorize(request, body) {
          const headers = signRequest({
            secretKey: identity.secretKey,
            method: request.method,
            url: request.url,
            body,
            timestamp: clock.now().getTime(),
          });
          for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
        },
      },
      retries: 0,
    });
    return { client, identity };
  };
  const account = async (prefix = 'renter'): Promise<TestAccount> => {
    const { client, identity } = clientOf();
    const username = unique(prefix);
    await registerAccount(client, { body: { username } });
    return { client, identity, username };
  };
  const adminClient = clientOf();
  await registerAccount(adminClient.client, { body: { username: adminName } });
  const admin: TestAccount = { ...adminClient, username: adminName };
  let funding = 0;
  return {
    server,
    clock,
    admin,
    wakeups,
    account,
    provider: () => newProvider({ ...server, clientFor: () => clientOf() } as TestServer),
    async fund(target, amount, currency = 'USD') {
      funding += 1;
      await createWalletAdjustment(admin.client, {
        body: {
          username: target.username,
          currency,
          amount,
          reason: 'test funds',
          idempotency_key: `fund-${process.pid}-${funding}`,
        },
      });
    },
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}
