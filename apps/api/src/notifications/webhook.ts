import { isIP } from 'node:net';
import { isPublicAddress } from '../http/outbound/public-address';
import { PrivateAddressError, publicFetch } from '../http/outbound/public-fetch';
import { fetchErrorOutcome, type SendOutcome } from './outcome';
import { NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, signWebhook } from './signature';

/** What a webhook receiver gets as the JSON body. */
export interface WebhookPayload {
  readonly id: string;
  readonly event: string;
  readonly created_at: string;
  readonly contract_id: string | null;
  readonly title: string;
  readonly body: string;
  readonly data: unknown;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Why `url` cannot be a webhook endpoint, or null when it can: https only (TLS certificates
 * are verified), no credentials in the URL, no literal non-public address; `http://` only on a
 * loopback host and only when `allowHttpLoopback` (development and tests). Names are checked
 * again at every connection ({@link publicFetch}), as DNS can change after this check.
 */
export function webhookUrlProblem(url: string, allowHttpLoopback: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'must not contain a user name or password';
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!allowHttpLoopback && isIP(host) !== 0 && !isPublicAddress(host)) {
    return 'must reach a public address (not loopback, private or link-local)';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && allowHttpLoopback && isLoopback(parsed.hostname)) return null;
  return 'must use https://';
}

/**
 * POSTs one notification to a webhook endpoint: the JSON body, `DC-Notification-Id` (the same
 * on every retry of this notification), `DC-Event` and `DC-Signature` over the exact bytes sent.
 * Redirects are not followed (a 3xx is a failure). A 2xx is delivery; anything else is retried.
 */
export async function postWebhook(
  endpoint: { readonly url: string; readonly secret: string },
  payload: WebhookPayload,
  params: { readonly now: Date; readonly timeoutMs: number; readonly allowPrivate: boolean },
): Promise<SendOutcome> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(params.now.getTime() / 1000);
  let response: Response;
  try {
    response = await publicFetch(
      endpoint.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'DecentCloud-Webhooks/1',
          [NOTIFICATION_ID_HEADER]: payload.id,
          'DC-Event': payload.event,
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, body, timestamp),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(params.timeoutMs),
      },
      { allowPrivate: params.allowPrivate },
    );
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const blocked = [error, cause].find((e) => e instanceof PrivateAddressError);
    if (blocked !== undefined) {
      return { kind: 'refused', message: `webhook POST: ${(blocked as Error).message}` };
    }
    return fetchErrorOutcome(error, 'webhook POST');
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) {
    return { kind: 'sent', detail: `webhook answered ${response.status}` };
  }
  return { kind: 'retry', message: `the webhook endpoint answered ${response.status}` };
}
