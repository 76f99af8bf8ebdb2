import { z } from 'zod';
import { Id, PageQuery, pageOf, Timestamp } from './common';
import { IdempotencyKey } from './wallet';

/**
 * Who wrote a message of a contract thread: its renter, its provider, a platform administrator,
 * or the platform itself (`system`: notes such as a missed response time; always automated).
 */
export const MESSAGE_AUTHOR_ROLES = ['renter', 'provider', 'admin', 'system'] as const;
export type MessageAuthorRole = (typeof MESSAGE_AUTHOR_ROLES)[number];

/** Who may read a thread and keep a read receipt in it. */
export const THREAD_PARTICIPANT_ROLES = ['renter', 'provider', 'admin'] as const;

/** Longest message text, in characters. */
export const MAX_MESSAGE_CHARS = 10_000;

/** Most attachments one message may reference. */
export const MAX_MESSAGE_ATTACHMENTS = 10;

/**
 * A file a message refers to. The platform stores the reference, never the file: the author
 * hosts it (an object store, a paste service) at an https URL; `sha256` lets the reader check
 * that what they download is what was sent.
 */
export const MessageAttachmentInput = z.strictObject({
  name: z.string().trim().min(1).max(255),
  url: z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).max(2000),
  size_bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits (SHA-256)' })
    .optional(),
});
export type MessageAttachmentInput = z.input<typeof MessageAttachmentInput>;

/** An attachment as the API returns it (absent optional fields are `null`). */
export const MessageAttachment = z.object({
  name: z.string(),
  url: z.string(),
  size_bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/**
 * `POST /v1/contracts/{id}/messages`. `automated` flags an auto-reply or a bot; it is allowed on
 * provider and admin messages, and forced on messages posted with an API token (tokens are how
 * programs act; the response-time record measures people). Automated messages never count as
 * a provider's reply.
 */
export const PostMessageBody = z
  .strictObject({
    text: z.string().max(MAX_MESSAGE_CHARS).default(''),
    attachments: z.array(MessageAttachmentInput).max(MAX_MESSAGE_ATTACHMENTS).default([]),
    automated: z.boolean().default(false),
    /** The same key from the same author returns the message already posted (safe retries). */
    idempotency_key: IdempotencyKey.optional(),
  })
  .refine((message) => message.text.trim().length > 0 || message.attachments.length > 0, {
    path: ['text'],
    message: 'write some text or attach at least one file',
  });
export type PostMessageBody = z.input<typeof PostMessageBody>;

/**
 * The response-time wait a renter message started (trust.md §4): the provider's first human
 * reply is due by `due_at` (the offering's `response_sla_hours` after the message).
 */
export const ResponseWait = z.object({
  sla_hours: z.number(),
  due_at: Timestamp,
  /** The provider's first non-automated message after it; null while unanswered. */
  replied_at: Timestamp.nullable(),
  reply_message_id: Id.nullable(),
  /** When the platform recorded the wait as a breach of the response time. */
  breached_at: Timestamp.nullable(),
});
export type ResponseWait = z.infer<typeof ResponseWait>;

/** One message of a contract thread. */
export const ContractMessage = z.object({
  id: Id,
  contract_id: Id,
  author_role: z.enum(MESSAGE_AUTHOR_ROLES),
  /** The author's username; null for `system` messages. */
  author: z.string().nullable(),
  text: z.string(),
  attachments: z.array(MessageAttachment),
  automated: z.boolean(),
  created_at: Timestamp,
  /** Set on a renter message that started a response wait; null on every other message. */
  wait: ResponseWait.nullable(),
});
export type ContractMessage = z.infer<typeof ContractMessage>;

/** `GET /v1/contracts/{id}/messages`: oldest first by default (`order=desc`: newest first). */
export const ListMessagesQuery = PageQuery.extend({
  order: z.enum(['asc', 'desc']).default('asc'),
});
export const MessagePage = pageOf(ContractMessage);

/** `POST /v1/contracts/{id}/read-receipts`: the newest message the caller has read. */
export const MarkReadBody = z.strictObject({ up_to: Id });

/** How far one participant has read a thread. */
export const ReadReceipt = z.object({
  username: z.string(),
  role: z.enum(THREAD_PARTICIPANT_ROLES),
  last_read_message_id: Id,
  read_at: Timestamp,
});
export type ReadReceipt = z.infer<typeof ReadReceipt>;

/** Every participant's read receipt in a thread, and how many messages the caller has not read. */
export const ThreadReadReceipts = z.object({
  receipts: z.array(ReadReceipt),
  /** Messages by others after the caller's receipt (all of them without one). */
  unread_count: z.number().int(),
});
export type ThreadReadReceipts = z.infer<typeof ThreadReadReceipts>;

const ChatwootNumericId = z.number().int().min(1).max(2_147_483_647);

/**
 * `PUT /v1/provider/chatwoot`: mirror the provider's contract threads into a Chatwoot inbox
 * (application API). `api_token` is write-only: required the first time, left out to keep the
 * stored one. The server refuses `http://` URLs unless its operator allows them.
 */
export const ChatwootSettingsBody = z.strictObject({
  enabled: z.boolean(),
  base_url: z.url({ protocol: /^https?$/, message: 'must be an https:// URL' }).max(2000),
  account_id: ChatwootNumericId,
  inbox_id: ChatwootNumericId,
  api_token: z.string().trim().min(8).max(500).optional(),
});
export type ChatwootSettingsBody = z.input<typeof ChatwootSettingsBody>;

/** A provider's Chatwoot mirror: its settings (never the token) and how the mirroring goes. */
export const ChatwootSettings = z.object({
  /** False until the provider saves settings; the mirror is off by default. */
  configured: z.boolean(),
  enabled: z.boolean(),
  base_url: z.string().nullable(),
  account_id: z.number().int().nullable(),
  inbox_id: z.number().int().nullable(),
  api_token_configured: z.boolean(),
  /** The token's last four characters, to recognise it. */
  api_token_last4: z.string().nullable(),
  updated_at: Timestamp.nullable(),
  mirror: z.object({
    pending: z.number().int(),
    sent: z.number().int(),
    /** Messages given up on after every retry. */
    failed: z.number().int(),
    last_error: z.string().nullable(),
    last_sent_at: Timestamp.nullable(),
  }),
});
export type ChatwootSettings = z.infer<typeof ChatwootSettings>;
