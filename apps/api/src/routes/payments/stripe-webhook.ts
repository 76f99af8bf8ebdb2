import type { Hono } from 'hono';
import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/connect';
import type { AppEnv } from '../../http/context';
import { HttpProblem } from '../../http/problem';
import { cardRailOrNull } from '../../payments/card';
import { WebhookRejected } from '../../payments/rail';
import { processWebhook } from '../../payments/webhook/process';
import type { Services } from '../../services';

/** Where Stripe delivers events (the endpoint's URL in the Stripe dashboard). */
export const STRIPE_WEBHOOK_PATH = '/v1/stripe/webhook';

/** Stripe's events are small; a body above this is not one of them. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * Mounts `POST /v1/stripe/webhook` (public; authenticated by the `Stripe-Signature` header):
 * the raw body is verified with stripe-node and the 300 s tolerance, then processed once per
 * event id (see `processWebhook`). 200 for processed and duplicate events, 400 for a refused
 * signature (Stripe does not retry a 4xx), 500 for a failure (Stripe retries). Not an
 * operation of `@dc/client`: no client calls it, and the signature needs the exact raw bytes.
 */
export function mountStripeWebhook(
  app: Hono<AppEnv>,
  deps: { readonly config: Config; readonly database: DatabaseHandle; readonly services: Services },
): void {
  app.post(STRIPE_WEBHOOK_PATH, async (c) => {
    const rail = cardRailOrNull(deps.config);
    if (rail === null) {
      throw new HttpProblem(
        503,
        'card_rail_not_configured',
        'Stripe webhooks are not accepted here: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not set on this server.',
      );
    }
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) {
      throw new HttpProblem(413, 'body_too_large', `The body is over ${MAX_BODY_BYTES} bytes.`);
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.length > MAX_BODY_BYTES) {
      throw new HttpProblem(413, 'body_too_large', `The body is over ${MAX_BODY_BYTES} bytes.`);
    }
    try {
      const outcome = await processWebhook(
        { db: deps.database.db, rail, now: deps.services.now(), log: c.get('log') },
        raw,
        c.req.header('stripe-signature'),
      );
      return c.json({
        received: true,
        event_id: outcome.eventId,
        duplicate: outcome.duplicate,
        result: outcome.result,
      });
    } catch (error) {
      if (error instanceof WebhookRejected) {
        throw new HttpProblem(400, 'webhook_signature_invalid', error.message);
      }
      throw error;
    }
  });
}
