import type { ChatwootSettings, ChatwootSettingsBody } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { validationFailed } from '../http/problem';
import { chatwootUrlProblem, normalizeChatwootUrl } from './url-policy';

/** The provider's mirror as the API shows it: never the token, only that one is set. */
export async function chatwootSettingsView(
  db: Kysely<Database>,
  providerId: string,
): Promise<ChatwootSettings> {
  const settings = await db
    .selectFrom('chatwoot_settings')
    .select(['enabled', 'base_url', 'account_id', 'inbox_id', 'api_token_last4', 'updated_at'])
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  const counts = await db
    .selectFrom('chatwoot_outbox')
    .select([
      sql<string>`count(*) FILTER (WHERE status = 'pending')`.as('pending'),
      sql<string>`count(*) FILTER (WHERE status = 'sent')`.as('sent'),
      sql<string>`count(*) FILTER (WHERE status = 'failed')`.as('failed'),
      sql<Date | null>`max(sent_at)`.as('last_sent_at'),
    ])
    .where('provider_id', '=', providerId)
    .executeTakeFirstOrThrow();
  const lastError = await db
    .selectFrom('chatwoot_outbox')
    .select('last_error')
    .where('provider_id', '=', providerId)
    .where('status', 'in', ['pending', 'failed'])
    .where('last_error', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastSent = counts.last_sent_at === null ? null : new Date(counts.last_sent_at);
  return {
    configured: settings !== undefined,
    enabled: settings?.enabled ?? false,
    base_url: settings?.base_url ?? null,
    account_id: settings?.account_id ?? null,
    inbox_id: settings?.inbox_id ?? null,
    api_token_configured: settings !== undefined,
    api_token_last4: settings?.api_token_last4 ?? null,
    updated_at: settings?.updated_at.toISOString() ?? null,
    mirror: {
      pending: Number(counts.pending),
      sent: Number(counts.sent),
      failed: Number(counts.failed),
      last_error: lastError?.last_error ?? null,
      last_sent_at: lastSent?.toISOString() ?? null,
    },
  };
}

/**
 * Saves the provider's mirror settings. The token is kept when left out (required the first
 * time). A new URL, account or inbox is a new target: `target_version` grows, so contacts and
 * conversations made in the old one are made again in the new one rather than written to.
 */
export async function saveChatwootSettings(
  trx: Kysely<Database>,
  input: {
    readonly providerId: string;
    readonly body: ChatwootSettingsBody;
    readonly allowInsecure: boolean;
    readonly at: Date;
  },
): Promise<void> {
  const { body } = input;
  const urlProblem = chatwootUrlProblem(body.base_url, input.allowInsecure);
  if (urlProblem !== null) throw validationFailed([{ path: 'body.base_url', message: urlProblem }]);
  const baseUrl = normalizeChatwootUrl(body.base_url);
  const stored = await trx
    .selectFrom('chatwoot_settings')
    .selectAll()
    .where('provider_id', '=', input.providerId)
    .forUpdate()
    .executeTakeFirst();
  const token = body.api_token;
  if (stored === undefined) {
    if (token === undefined) {
      throw validationFailed([
        { path: 'body.api_token', message: 'required the first time: the Chatwoot access token' },
      ]);
    }
    await trx
      .insertInto('chatwoot_settings')
      .values({
        provider_id: input.providerId,
        enabled: body.enabled,
        base_url: baseUrl,
        account_id: body.account_id,
        inbox_id: body.inbox_id,
        api_token: token,
        api_token_last4: token.slice(-4),
        created_at: input.at,
        updated_at: input.at,
      })
      .execute();
    return;
  }
  const retarget =
    stored.base_url !== baseUrl ||
    stored.account_id !== body.account_id ||
    stored.inbox_id !== body.inbox_id;
  await trx
    .updateTable('chatwoot_settings')
    .set({
      enabled: body.enabled,
      base_url: baseUrl,
      account_id: body.account_id,
      inbox_id: body.inbox_id,
      ...(token === undefined ? {} : { api_token: token, api_token_last4: token.slice(-4) }),
      target_version: retarget ? stored.target_version + 1 : stored.target_version,
      updated_at: input.at,
    })
    .where('provider_id', '=', input.providerId)
    .execute();
}

/**
 * Forgets the provider's mirror: settings and token, Chatwoot ids, and messages not mirrored
 * yet (cancelled, kept for the record). Mirrored messages stay in Chatwoot.
 */
export async function deleteChatwootSettings(
  trx: Kysely<Database>,
  providerId: string,
): Promise<void> {
  await trx
    .updateTable('chatwoot_outbox')
    .set({ status: 'cancelled', last_error: 'the mirror was removed' })
    .where('provider_id', '=', providerId)
    .where('status', '=', 'pending')
    .execute();
  await trx
    .updateTable('chatwoot_threads')
    .set({ conversation_id: null, target_version: null })
    .where('provider_id', '=', providerId)
    .execute();
  await trx.deleteFrom('chatwoot_contacts').where('provider_id', '=', providerId).execute();
  await trx.deleteFrom('chatwoot_settings').where('provider_id', '=', providerId).execute();
}
