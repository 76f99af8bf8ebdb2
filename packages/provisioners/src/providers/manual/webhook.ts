import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProvisionerError } from '../../errors';
import { abortError, type RetryPolicy, retryAfterMs, withRetry } from '../../http/retry';
import type { Logger } from '../../logger';

/** Header with the HMAC: `sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-dc-signature';
/** Header with the Unix time (seconds) the signature was made at; part of what is signed. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-dc-timestamp';
/** Header with the event name (also in the body). */
export const WEBHOOK_EVENT_HEADER = 'x-dc-event';
/** Header with the delivery id, the same on every retry of one delivery: receivers dedupe on it. */
export const WEBHOOK_DELIVERY_HEADER = 'x-dc-delivery';

/** The events a provider's receiver gets. */
export type ManualWebhookEventName = 'provision_requested' | 'terminate_requested' | 'ping';

/** The JSON body of a webhook call (snake_case, like the script protocol). */
export interface ManualWebhookEvent {
  readonly event: ManualWebhookEventName;
  readonly delivery_id: string;
  readonly sent_at: string;
  readonly [field: string]: unknown;
}

/** The `X-DC-Signature` value for a body sent at `timestamp` (Unix seconds, as a string). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver checks. */
export interface WebhookCheck {
  readonly secret: string;
  /** The raw request body, exactly as received. */
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** Oldest accepted signature, seconds (default 300): a captured call cannot be replayed later. */
  readonly toleranceSeconds?: number;
  readonly now?: number;
}

/**
 * For receivers: whether a webhook call is genuine, i.e. signed with the shared secret over
 * `<timestamp>.<raw body>` and recent. Compares in constant time.
 */
export function verifyWebhookSignature(check: WebhookCheck): boolean {
  if (
    check.timestamp === undefined ||
    check.signature === undefined ||
    !/^\d{1,12}$/.test(check.timestamp)
  )
    return false;
  const age = Math.abs((check.now ?? Date.now()) / 1000 - Number(check.timestamp));
  if (age > (check.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(check.secret, check.timestamp, check.body));
  const given = Buffer.from(check.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** How to deliver one webhook. */
export interface DeliveryOptions {
  readonly url: string;
  readonly secret: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly retry?: RetryPolicy | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
}

/**
 * POSTs a signed event, retrying network failures, timeouts, 408, 429 and 5xx with backoff
 * (each attempt signed afresh so the timestamp stays recent; the delivery id stays the same).
 * A 4xx other than 408/429 is final: the receiver rejected it (bad secret, wrong path).
 */
export async function deliverWebhook(event: ManualWebhookEvent, o: DeliveryOptions): Promise<void> {
  const body = JSON.stringify(event);
  await withRetry(
    async (attempt) => {
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const timeout = AbortSignal.timeout(o.timeoutMs);
      let response: Response;
      try {
        response = await o.fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'dc-agent (manual provisioner)',
            [WEBHOOK_EVENT_HEADER]: event.event,
            [WEBHOOK_DELIVERY_HEADER]: event.delivery_id,
            [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
            [WEBHOOK_SIGNATURE_HEADER]: signWebhook(o.secret, timestamp, body),
          },
          body,
          signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
          // A redirect would re-send the body somewhere the provider did not configure.
          redirect: 'manual',
        });
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        if (o.signal?.aborted) throw abortError(o.signal);
        const timedOut = timeout.aborted;
        o.logger.warn(
          {
            event: event.event,
            delivery: event.delivery_id,
            attempt,
            url: o.url,
            error: String(error),
          },
          'webhook delivery failed',
        );
        throw new ProvisionerError(
          timedOut ? 'timeout' : 'network_error',
          `webhook ${o.url}: ${timedOut ? `no answer in ${o.timeoutMs} ms` : String(error)}`,
          {
            cause: error,
            retryable: true,
          },
        );
      }
      if (response.ok) return;
      const status = response.status;
      const passing = status === 408 || status === 429 || status >= 500;
      o.logger.warn(
        { event: event.event, delivery: event.delivery_id, attempt, url: o.url, status },
        'webhook receiver refused the call',
      );
      const wait = retryAfterMs(response.headers);
      throw new ProvisionerError(
        status === 429 ? 'rate_limited' : 'upstream_error',
        `webhook ${o.url} answered ${status}`,
        {
          retryable: passing,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        },
      );
    },
    o.retry,
    o.signal,
  );
}
