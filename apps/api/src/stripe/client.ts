import Stripe from 'stripe';

/** What a Stripe client needs: the key, and where the API is (a local fake in tests). */
export interface StripeClientSettings {
  readonly secretKey: string;
  /** `https://api.stripe.com` when absent; `http://127.0.0.1:<port>` for the test fake. */
  readonly apiUrl?: string | undefined;
  readonly timeoutMs: number;
}

/**
 * A stripe-node client. `apiUrl` is split into stripe-node's `host`, `port` and `protocol`
 * options. Network retries are off: every call that moves money carries our own idempotency
 * key and is retried by our executor, which knows whether a retry is safe.
 */
export function createStripeClient(settings: StripeClientSettings): Stripe {
  const options: NonNullable<ConstructorParameters<typeof Stripe>[1]> = {
    maxNetworkRetries: 0,
    timeout: settings.timeoutMs,
    telemetry: false,
    appInfo: { name: 'decent-cloud-api' },
  };
  if (settings.apiUrl !== undefined) {
    const url = new URL(settings.apiUrl);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    options.host = url.hostname;
    options.port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
    options.protocol = protocol;
  }
  return new Stripe(settings.secretKey, options);
}
