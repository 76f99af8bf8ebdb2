import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/http/outbound/public-address';
import { PrivateAddressError, publicFetch } from '../../src/http/outbound/public-fetch';
import { postWebhook, webhookUrlProblem } from '../../src/notifications/webhook';

describe('outbound requests to user-supplied URLs (SSRF)', () => {
  let hits = 0;
  let port = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end('ok');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('tells public addresses from loopback, private, link-local and mapped ones', () => {
    for (const address of ['8.8.8.8', '2a01:4f8::1', '1.1.1.1']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      'not an address',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('refuses a name that resolves to loopback before any byte reaches the listener', async () => {
    await expect(
      publicFetch(`http://localhost:${port}/`, { method: 'POST' }, { allowPrivate: false }),
    ).rejects.toSatisfy(
      (error: Error) =>
        error instanceof PrivateAddressError || error.cause instanceof PrivateAddressError,
    );
    await expect(
      publicFetch(`http://127.0.0.1:${port}/`, {}, { allowPrivate: false }),
    ).rejects.toBeInstanceOf(PrivateAddressError);
    expect(hits).toBe(0);
    const allowed = await publicFetch(`http://127.0.0.1:${port}/`, {}, { allowPrivate: true });
    expect(allowed.status).toBe(200);
    expect(hits).toBe(1);
  });

  it('marks a webhook to a private address refused (never retried), not sent', async () => {
    const before = hits;
    const outcome = await postWebhook(
      { url: `http://localhost:${port}/hook`, secret: 'whsec_test' },
      {
        id: 'n1',
        event: 'contract_accepted',
        created_at: new Date(0).toISOString(),
        contract_id: null,
        title: 't',
        body: 'b',
        data: {},
      },
      { now: new Date(), timeoutMs: 2000, allowPrivate: false },
    );
    expect(outcome.kind).toBe('refused');
    expect(hits).toBe(before);
  });

  it('rejects literal non-public webhook URLs when they are registered', () => {
    expect(webhookUrlProblem('https://169.254.169.254/latest', false)).toMatch(/public address/);
    expect(webhookUrlProblem('https://[::1]/hook', false)).toMatch(/public address/);
    expect(webhookUrlProblem('https://10.0.0.5/hook', false)).toMatch(/public address/);
    expect(webhookUrlProblem('https://hooks.example.com/dc', false)).toBeNull();
  });

  it('allows plain http only to loopback, and only in development', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hook', true)).toBeNull();
    expect(webhookUrlProblem('https://10.0.0.5/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5/hook', true)).toMatch(/https:\/\/.*loopback/);
    expect(webhookUrlProblem('http://hooks.example.com/dc', false)).toMatch(/https:\/\//);
    expect(webhookUrlProblem('https://localhost/hook', false)).toMatch(/public address/);
    expect(webhookUrlProblem('https://u:p@hooks.example.com/dc', false)).toMatch(/password/);
    expect(webhookUrlProblem('https://hooks.example.com/dc?token=x', false)).toBeNull();
  });
});
