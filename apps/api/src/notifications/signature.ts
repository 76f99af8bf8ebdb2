import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header carrying a webhook body's signature. */
export const SIGNATURE_HEADER = 'DC-Signature';
/** The header carrying the notification's id: the same on every retry, so receivers dedupe. */
export const NOTIFICATION_ID_HEADER = 'DC-Notification-Id';

/** A new webhook signing secret: `whsec_` and 32 random bytes in hex. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/**
 * The `DC-Signature` value of `body` sent at `timestamp` (unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>`, the
 * scheme of Stripe's webhooks. The timestamp is signed too, so a receiver that refuses old
 * timestamps cannot be replayed a captured request later.
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver does with a `DC-Signature` header (documented in the README): true when one
 * `v1` value is the HMAC of `"<t>.<body>"` with `secret` and `t` is within `toleranceSeconds`
 * of `nowSeconds`. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([name]) => name === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts
    .filter(([name]) => name === 'v1')
    .some(([, value]) => {
      const given = Buffer.from(value ?? '');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
