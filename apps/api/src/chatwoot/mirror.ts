import { randomUUID } from 'node:crypto';
import type { MessageAttachment } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { afterFailure, type RetryPolicy } from '../outbox/retry-policy';
import {
  type ChatwootHttp,
  type ChatwootTarget,
  createConversation,
  createMessage,
  ensureContact,
} from './api';
import { chatwootContent } from './content';

/** Options of {@link runChatwootMirror}. */
export interface ChatwootMirrorOptions {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly http: ChatwootHttp;
  /** First retry delay; each further retry waits twice as long, up to an hour. */
  readonly retryBaseMs: number;
  /** Attempts before a message is given up on (status `failed`). */
  readonly maxAttempts?: number;
  /** How long a worker holds a thread before another may take it over. */
  readonly leaseMs: number;
  /** Threads handled in one pass at most. */
  readonly maxThreads?: number;
  readonly log?: Pick<Logger, 'warn'>;
}

/** What one pass did. */
export interface ChatwootMirrorReport {
  readonly sent: number;
  /** Calls that failed and will be retried. */
  readonly retried: number;
  /** Messages given up on. */
  readonly failed: number;
}

/** `retryBaseMs` doubling, at most 1 h, without jitter (a thread retries one message at a time). */
const MAX_BACKOFF_MS = 3_600_000;
const DEFAULT_MAX_ATTEMPTS = 10;

type Thread = { readonly contract_id: string; readonly provider_id: string };

function retryPolicy(options: ChatwootMirrorOptions): RetryPolicy {
  return {
    firstDelayMs: options.retryBaseMs,
    maxDelayMs: MAX_BACKOFF_MS,
    jitter: false,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/**
 * One pass of the Chatwoot mirror: takes threads with messages due, one at a time under a
 * lease (a thread is held by one worker, so its messages go in order and its conversation is
 * made once), and sends their pending messages in thread order. A failed call leaves the
 * message pending with a backoff and holds the later messages of the thread behind it; after
 * `maxAttempts` the message is marked failed and the thread moves on.
 *
 * Each message is sent once per outbox row and marked sent right after Chatwoot answers. Only a
 * crash (or a lease running out) between Chatwoot's answer and that write can send a message
 * twice: Chatwoot offers no idempotency key, so the gap cannot be closed from this side.
 *
 * Unlike the mail and notification outboxes (`outbox/claim-due.ts`: each row leased on its own,
 * its attempt counted at the claim), the lease here is the thread's and a message's attempt is
 * counted when its call fails: messages behind a failing one are held, not attempted, and a
 * thread's conversation must be made by one worker. Backoff and giving up follow the shared
 * retry policy (`outbox/retry-policy.ts`).
 */
export async function runChatwootMirror(
  options: ChatwootMirrorOptions,
): Promise<ChatwootMirrorReport> {
  const report = { sent: 0, retried: 0, failed: 0 };
  const owner = randomUUID();
  for (let handled = 0; handled < (options.maxThreads ?? 100); handled += 1) {
    const thread = await claimThread(options, owner);
    if (thread === undefined) break;
    try {
      await mirrorThread(options, owner, thread, report);
    } finally {
      await options.db
        .updateTable('chatwoot_threads')
        .set({ lease_owner: null, lease_until: null })
        .where('contract_id', '=', thread.contract_id)
        .where('lease_owner', '=', owner)
        .execute();
    }
  }
  return report;
}

/**
 * A thread with a message due and none waiting out a backoff, leased to `owner`. SKIP LOCKED
 * lets concurrent workers take different threads instead of queueing on the same one.
 */
async function claimThread(
  options: ChatwootMirrorOptions,
  owner: string,
): Promise<Thread | undefined> {
  const now = options.now();
  return options.db.transaction().execute(async (trx) => {
    const candidate = await trx
      .selectFrom('chatwoot_threads as t')
      .select('t.contract_id')
      .where((eb) => eb.or([eb('t.lease_until', 'is', null), eb('t.lease_until', '<=', now)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('chatwoot_outbox as o')
            .select('o.message_id')
            .whereRef('o.contract_id', '=', 't.contract_id')
            .where('o.status', '=', 'pending')
            .where('o.next_attempt_at', '<=', now),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('chatwoot_outbox as b')
              .select('b.message_id')
              .whereRef('b.contract_id', '=', 't.contract_id')
              .where('b.status', '=', 'pending')
              .where('b.attempts', '>', 0)
              .where('b.next_attempt_at', '>', now),
          ),
        ),
      )
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (candidate === undefined) return undefined;
    return trx
      .updateTable('chatwoot_threads')
      .set({ lease_owner: owner, lease_until: new Date(now.getTime() + options.leaseMs) })
      .where('contract_id', '=', candidate.contract_id)
      .returning(['contract_id', 'provider_id'])
      .executeTakeFirstOrThrow();
  });
}

/** Extends the lease before each call; false when another worker took the thread over. */
async function renewLease(
  options: ChatwootMirrorOptions,
  owner: string,
  contractId: string,
): Promise<boolean> {
  const renewed = await options.db
    .updateTable('chatwoot_threads')
    .set({ lease_until: new Date(options.now().getTime() + options.leaseMs) })
    .where('contract_id', '=', contractId)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return renewed.numUpdatedRows > 0n;
}

function attachmentsOf(value: unknown): MessageAttachment[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as MessageAttachment[]) : [];
}

async function mirrorThread(
  options: ChatwootMirrorOptions,
  owner: string,
  thread: Thread,
  report: { sent: number; retried: number; failed: number },
): Promise<void> {
  const { db } = options;
  const settings = await db
    .selectFrom('chatwoot_settings')
    .selectAll()
    .where('provider_id', '=', thread.provider_id)
    .executeTakeFirst();
  if (settings?.enabled !== true) {
    // Turned off since these were queued: they are not sent later by surprise.
    await db
      .updateTable('chatwoot_outbox')
      .set({ status: 'cancelled', last_error: 'the mirror was turned off before it was sent' })
      .where('contract_id', '=', thread.contract_id)
      .where('status', '=', 'pending')
      .execute();
    return;
  }
  const target: ChatwootTarget = {
    baseUrl: settings.base_url,
    accountId: settings.account_id,
    inboxId: settings.inbox_id,
    apiToken: settings.api_token,
  };
  const rows = await db
    .selectFrom('chatwoot_outbox as o')
    .innerJoin('contract_messages as m', 'm.id', 'o.message_id')
    .leftJoin('accounts as a', 'a.id', 'm.author_id')
    .select([
      'o.message_id',
      'o.attempts',
      'o.next_attempt_at',
      'm.author_role',
      'a.username as author',
      'm.body',
      'm.attachments',
      'm.automated',
    ])
    .where('o.contract_id', '=', thread.contract_id)
    .where('o.status', '=', 'pending')
    .orderBy('m.seq')
    .execute();
  let conversationId: number | null = null;
  for (const row of rows) {
    if (row.next_attempt_at.getTime() > options.now().getTime()) break;
    if (!(await renewLease(options, owner, thread.contract_id))) return;
    try {
      conversationId ??= await conversationOf(
        options,
        owner,
        thread,
        target,
        settings.target_version,
      );
      const chatwootId = await createMessage(
        target,
        options.http,
        conversationId,
        chatwootContent({
          role: row.author_role,
          author: row.author,
          text: row.body,
          attachments: attachmentsOf(row.attachments),
          automated: row.automated,
        }),
      );
      await db
        .updateTable('chatwoot_outbox')
        .set({
          status: 'sent',
          chatwoot_message_id: chatwootId,
          sent_at: options.now(),
          attempts: sql<number>`attempts + 1`,
          last_error: null,
        })
        .where('message_id', '=', row.message_id)
        .where('status', '=', 'pending')
        .execute();
      report.sent += 1;
    } catch (error) {
      const attempts = row.attempts + 1;
      const { giveUp, retryAt } = afterFailure(retryPolicy(options), attempts, options.now());
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('chatwoot_outbox')
        .set({
          attempts,
          last_error: message.slice(0, 500),
          ...(giveUp ? { status: 'failed' } : { next_attempt_at: retryAt }),
        })
        .where('message_id', '=', row.message_id)
        .where('status', '=', 'pending')
        .execute();
      options.log?.warn(
        { contractId: thread.contract_id, messageId: row.message_id, attempts, err: message },
        giveUp ? 'Chatwoot mirror gave up on a message' : 'Chatwoot mirror call failed',
      );
      if (!giveUp) {
        report.retried += 1;
        // Later messages wait behind this one, so Chatwoot shows the thread in order.
        return;
      }
      report.failed += 1;
    }
  }
}

/**
 * The thread's conversation in the current target, made on first use: the renter's contact
 * (one per provider and renter, reused across contracts) and a conversation carrying the
 * contract id as the custom attribute `contract_id`.
 */
async function conversationOf(
  options: ChatwootMirrorOptions,
  owner: string,
  thread: Thread,
  target: ChatwootTarget,
  targetVersion: number,
): Promise<number> {
  const { db } = options;
  const known = await db
    .selectFrom('chatwoot_threads')
    .select(['conversation_id', 'target_version'])
    .where('contract_id', '=', thread.contract_id)
    .executeTakeFirstOrThrow();
  if (known.conversation_id !== null && known.target_version === targetVersion) {
    return Number(known.conversation_id);
  }
  const contract = await db
    .selectFrom('contracts as c')
    .innerJoin('accounts as r', 'r.id', 'c.renter_id')
    .select(['c.renter_id', 'r.username'])
    .where('c.id', '=', thread.contract_id)
    .executeTakeFirstOrThrow();
  const stored = await db
    .selectFrom('chatwoot_contacts')
    .selectAll()
    .where('provider_id', '=', thread.provider_id)
    .where('renter_id', '=', contract.renter_id)
    .where('target_version', '=', targetVersion)
    .executeTakeFirst();
  const contact =
    stored === undefined
      ? await ensureContact(target, options.http, {
          identifier: `decent-cloud:renter:${contract.renter_id}`,
          name: contract.username,
        })
      : { contactId: Number(stored.contact_id), sourceId: stored.source_id };
  if (stored === undefined) {
    const values = {
      target_version: targetVersion,
      contact_id: contact.contactId,
      source_id: contact.sourceId,
      created_at: options.now(),
    };
    await db
      .insertInto('chatwoot_contacts')
      .values({ provider_id: thread.provider_id, renter_id: contract.renter_id, ...values })
      .onConflict((conflict) => conflict.columns(['provider_id', 'renter_id']).doUpdateSet(values))
      .execute();
  }
  const conversationId = await createConversation(target, options.http, {
    contact,
    contractId: thread.contract_id,
  });
  await db
    .updateTable('chatwoot_threads')
    .set({ conversation_id: conversationId, target_version: targetVersion })
    .where('contract_id', '=', thread.contract_id)
    .where('lease_owner', '=', owner)
    .execute();
  return conversationId;
}
