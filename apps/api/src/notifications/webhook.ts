import { PrivateAddressError, publicFetch } from '../http/outbound/public-fetch';
import { outboundUrlProblem } from '../http/outbound/url-policy';
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

/**
 * Why `url` cannot be a webhook endpoint, or null when it can: the outbound URL policy (https
 * only, TLS certificates verified; no credentials in the URL; no literal non-public address or
 * internal name), with `http://` only on a loopback host and private addresses only when
 * `allowHttpLoopback` (development and tests). Names are checked again at every connection
 * ({@link publicFetch}), as DNS can change after this check.
 */
export function webhookUrlProblem(url: string, allowHttpLoopback: boolean): string | null {
  return outboundUrlProblem(url, {
    allowPrivate: allowHttpLoopback,
    http: allowHttpLoopback ? 'loopback' : 'never',
    // A receiver may authenticate the platform by a token in the query.
    baseUrl: false,
  });
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
