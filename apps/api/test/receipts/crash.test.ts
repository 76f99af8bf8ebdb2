// Exactly-once receipts across a crash: the server PROCESS is killed after it claimed a receipt
// and transmitted it but before the SMTP server acknowledged it; after a restart the receipt
// arrives once, with the same Message-ID.

import {
  type Client,
  createClient,
  createWalletAdjustment,
  keyAuth,
  registerAccount,
  updateMe,
  verifyEmail,
} from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect';
import { rent, usdOffering } from '../contracts/_http';
import { SmtpSink, until } from '../mail/smtp-sink';
import { newProvider, type TestAccount, unique } from '../offerings/_support';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { type ServerProcess, startServerProcess } from '../support/process';
import type { TestServer } from '../support/server';

const sink = new SmtpSink();
let database: TestDatabase;
let db: DatabaseHandle;
let server: ServerProcess | undefined;
const adminName = unique('admin');

function env(): Record<string, string> {
  return {
    ...database.env,
    SMTP_URL: sink.url,
    DC_ADMIN_USERNAMES: adminName,
    DC_LOG_LEVEL: 'info',
    DC_SWEEP_INTERVAL_MS: '200',
    // A claim held by the killed process ends this soon, so the restarted one sends it.
    DC_OUTBOX_LEASE_SECONDS: '5',
  };
}

async function stop(process: ServerProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (process === undefined || process.child.exitCode !== null) return;
  process.child.kill(signal);
  await process.exited;
}

beforeAll(async () => {
  await sink.start();
  database = await createTestDatabase('postgres');
  if (database.location.engine !== 'postgres') throw new Error('needs PostgreSQL');
  db = await openDatabase(database.location);
});
afterAll(async () => {
  await stop(server, 'SIGKILL');
  await db?.close();
  await database?.drop();
  await sink.stop();
});

const account = (client: Client, username: string): TestAccount => ({
  client,
  identity: generateIdentity(),
  username,
});

async function receiptRow(contractId: string) {
  const rows = await db.db.selectFrom('mail_outbox').selectAll().execute();
  return rows.find((row) => (row.payload as { contract_id: string }).contract_id === contractId);
}

describe('receipts across a killed server process', () => {
  it('a send cut off before the SMTP server answered is sent again after restart, and arrives once', async () => {
    server = await startServerProcess(env());
    const clientOf = () => {
      const identity = generateIdentity();
      return {
        identity,
        client: createClient({
          baseUrl: server?.url ?? '',
          auth: keyAuth(identity.secretKey),
          retries: 0,
        }),
      };
    };
    const admin = clientOf();
    await registerAccount(admin.client, { body: { username: adminName } });
    const provider = await newProvider({ clientFor: clientOf } as unknown as TestServer);
    const renterClient = clientOf();
    const renterName = unique('renter');
    await registerAccount(renterClient.client, { body: { username: renterName } });
    const renter = account(renterClient.client, renterName);
    const email = `${renterName}@example.com`;
    await updateMe(renter.client, { body: { email } });
    const codeMail = await until('the verification code', () => sink.to(email)[0]);
    const code = /^\s+([0-9]{6})\s*$/m.exec(codeMail.raw)?.[1] ?? '';
    await verifyEmail(renter.client, { body: { code } });
    await createWalletAdjustment(admin.client, {
      body: {
        username: renterName,
        currency: 'USD',
        amount: 5000,
        reason: 'test funds',
        idempotency_key: `fund-${process.pid}-crash`,
      },
    });

    // The SMTP server reads the receipt but never answers: the process waits for its 250.
    sink.holdData = true;
    const contract = await rent(renter, await usdOffering(provider), 24);
    const held = await until('the receipt to reach the SMTP server', () => sink.held[0]);
    const claimed = await receiptRow(contract.id);
    expect(claimed).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });

    await stop(server, 'SIGKILL');
    sink.holdData = false;
    // Killed mid-send: nothing was accepted, and the row is not marked sent.
    expect(sink.to(email).filter((m) => m.subject?.startsWith('Receipt'))).toHaveLength(0);
    expect(await receiptRow(contract.id)).toMatchObject({ status: 'pending', sent_at: null });

    server = await startServerProcess(env());
    const sent = await until('the receipt to be marked sent', async () => {
      const row = await receiptRow(contract.id);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent).toMatchObject({ attempts: 2, recipient: email, last_error: null });
    const receipts = sink.to(email).filter((m) => m.subject?.startsWith('Receipt'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.messageId).toBe(held.messageId);
    expect(receipts[0]?.raw).toContain(contract.id);
    await stop(server, 'SIGTERM');
  }, 180_000);
});
