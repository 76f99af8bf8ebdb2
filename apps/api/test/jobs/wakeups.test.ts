// Job wake-ups (on PGlite, and on PostgreSQL in the postgres project): a committed enqueue wakes the long-polls of its queue (and only
// those), a rolled-back one wakes nobody, and a job committed between the queue check and the
// wait is not missed.

import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect';
import { queueKey } from '../../src/wakeups/channel';
import { createJobWakeups } from '../../src/wakeups/create';
import type { JobWakeups } from '../../src/wakeups/hub';
import { notifyJobEnqueued } from '../../src/wakeups/notify';
import { createTestDatabase, defaultEngine, type TestDatabase } from '../support/databases';

const PROVIDER = '00000000-0000-4000-8000-000000000001';
const POOL = '00000000-0000-4000-8000-0000000000aa';
const OTHER_POOL = '00000000-0000-4000-8000-0000000000bb';
const LONG = 20_000;

const engine = defaultEngine();

describe(`job wake-ups on ${engine}`, () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let wakeups: JobWakeups;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(database.location);
    wakeups = await createJobWakeups({
      database: handle,
      url: database.env['DATABASE_URL'],
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await wakeups?.close();
    await handle?.close();
    await database?.drop();
  });

  it('wakes the waiting long-poll of the queue once the enqueue commits', async () => {
    const mine = wakeups.subscribe(queueKey(PROVIDER, POOL));
    const other = wakeups.subscribe(queueKey(PROVIDER, OTHER_POOL));
    const woken = mine.wait(LONG);
    await handle.db.transaction().execute(async (trx) => {
      await notifyJobEnqueued(trx, PROVIDER, POOL);
    });
    expect(await woken).toBe(true);
    // The other pool's waiter was not woken: it times out (immediately, with a zero wait).
    expect(await other.wait(0)).toBe(false);
  });

  it('wakes nobody for a rolled-back enqueue', async () => {
    const waiter = wakeups.subscribe(queueKey(PROVIDER, POOL));
    await handle.db
      .transaction()
      .execute(async (trx) => {
        await notifyJobEnqueued(trx, PROVIDER, POOL);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    // A committed notification afterwards proves delivery works and arrives in order: had the
    // rolled-back one been delivered, the first waiter below would have been woken already.
    const probe = wakeups.subscribe(queueKey(PROVIDER, OTHER_POOL));
    const probed = probe.wait(LONG);
    await handle.db.transaction().execute((trx) => notifyJobEnqueued(trx, PROVIDER, OTHER_POOL));
    expect(await probed).toBe(true);
    expect(await waiter.wait(0)).toBe(false);
  });

  it('keeps a wake-up that arrives between subscribing and waiting', async () => {
    const waiter = wakeups.subscribe(queueKey(PROVIDER, POOL));
    const probe = wakeups.subscribe(queueKey(PROVIDER, POOL));
    const probed = probe.wait(LONG);
    await handle.db.transaction().execute((trx) => notifyJobEnqueued(trx, PROVIDER, POOL));
    expect(await probed).toBe(true);
    // The notification came before this wait started; the registration remembers it.
    expect(await waiter.wait(0)).toBe(true);
  });

  // PGlite has no connection to lose; the PostgreSQL run of this file covers reconnection.
  if (engine === 'postgres') {
    it('reconnects a dropped LISTEN connection and has every waiter look again', async () => {
      const waiter = wakeups.subscribe(queueKey(PROVIDER, POOL));
      const woken = waiter.wait(LONG);
      const { rows } = await sql<{ terminated: boolean }>`
        SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN%'`.execute(handle.db);
      expect(rows.map((row) => row.terminated)).toEqual([true]);
      // Notifications sent while it was down are lost, so the reconnect wakes everyone.
      expect(await woken).toBe(true);
      const next = wakeups.subscribe(queueKey(PROVIDER, POOL));
      const nextWoken = next.wait(LONG);
      await handle.db.transaction().execute((trx) => notifyJobEnqueued(trx, PROVIDER, POOL));
      expect(await nextWoken).toBe(true);
    });
  }

  it('answers every pending wait with false on close', async () => {
    const own = await createJobWakeups({
      database: handle,
      url: database.env['DATABASE_URL'],
      logger: pino({ level: 'silent' }),
    });
    const pending = own.subscribe(queueKey(PROVIDER, POOL)).wait(LONG);
    await own.close();
    expect(await pending).toBe(false);
    expect(await own.subscribe(queueKey(PROVIDER, POOL)).wait(LONG)).toBe(false);
  });
});
