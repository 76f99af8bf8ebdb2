import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createManualProvisioner,
  InMemoryCompletionSource,
  signWebhook,
  verifyWebhookSignature,
} from '../../src/providers/manual';
import type { ProvisionRequest } from '../../src/types';
import { recordingLogger } from '../docker/helpers';
import { WebhookReceiver } from './receiver';
import { FAST, SECRET } from './target';

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

let n = 0;
const request = (): ProvisionRequest => ({
  contractId: `manual${(++n).toString().padStart(4, '0')}${Date.now().toString(36)}`,
  offeringId: 'rack-box',
  cpuCores: 4,
  memoryMiB: 8192,
  diskGiB: 100,
  image: 'debian-12',
  location: 'basement',
  sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5 renter@test'],
  config: { rack: 'B2' },
  script: 'apt-get install -y nginx',
});

async function setup(
  options: { logger?: ReturnType<typeof recordingLogger>; waitTimeoutMs?: number } = {},
) {
  receiver = new WebhookReceiver(SECRET);
  const webhookUrl = await receiver.start();
  const source = new InMemoryCompletionSource();
  const provisioner = createManualProvisioner(
    {
      webhookUrl,
      webhookSecret: SECRET,
      ...(options.waitTimeoutMs ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
    },
    {
      source,
      notifyRetry: FAST,
      terminateRetry: FAST,
      ...(options.logger ? { logger: options.logger } : {}),
    },
  );
  return { provisioner, source, receiver };
}

const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('manual provisioner: webhooks', () => {
  it('signs the provision notice so a receiver can verify it', async () => {
    const logger = recordingLogger();
    const { provisioner, source, receiver: r } = await setup({ logger });
    const req = request();
    const pending = provisioner.provision(req);
    await until(() => r.calls.length > 0, 'the notice');
    const [call] = r.calls;
    expect(call?.genuine).toBe(true);
    expect(call?.body).toMatchObject({
      event: 'provision_requested',
      contract_id: req.contractId,
      external_id: `manual-${req.contractId}`,
      cpu_cores: 4,
      memory_mb: 8192,
      storage_gb: 100,
      ssh_public_keys: req.sshPublicKeys,
      instance_config: { rack: 'B2' },
      post_provision_script: 'apt-get install -y nginx',
    });
    const timestamp = String(call?.headers['x-dc-timestamp']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${call?.raw}`).digest('hex')}`;
    expect(call?.headers['x-dc-signature']).toBe(expected);
    expect(call?.headers['x-dc-event']).toBe('provision_requested');
    source.complete(req.contractId, {
      ipv4: '198.51.100.7',
      sshPort: 2222,
      rootPassword: 'typed-by-hand',
    });
    expect(await pending).toEqual({
      externalId: `manual-${req.contractId}`,
      provisioner: 'manual',
      contractId: req.contractId,
      status: 'running',
      ipv4: '198.51.100.7',
      ipv6: null,
      sshPort: 2222,
      rootPassword: 'typed-by-hand',
    });
    expect(logger.text()).not.toContain(SECRET);
    expect(logger.text()).not.toContain('typed-by-hand');
  });

  it('verifies only the right secret, the exact body and a recent timestamp', () => {
    const body = '{"event":"ping"}';
    const now = Date.now();
    const timestamp = Math.floor(now / 1000).toString();
    const signature = signWebhook(SECRET, timestamp, body);
    expect(verifyWebhookSignature({ secret: SECRET, body, timestamp, signature, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: `${SECRET}x`, body, timestamp, signature, now })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: '{"event":"ping" }',
        timestamp,
        signature,
        now,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, timestamp, signature, now: now + 301_000 }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, timestamp: undefined, signature, now }),
    ).toBe(false);
  });

  it('does not fail the contract when nobody receives the webhook: retries, logs, keeps waiting', async () => {
    const logger = recordingLogger();
    const source = new InMemoryCompletionSource();
    const provisioner = createManualProvisioner(
      { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook`, webhookSecret: SECRET },
      {
        source,
        logger,
        notifyRetry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
        terminateRetry: FAST,
      },
    );
    const req = request();
    const pending = provisioner.provision(req);
    await until(() => logger.lines.some((l) => l.level === 'error'), 'giving up on the webhook');
    expect(logger.lines.filter((l) => l.msg === 'webhook delivery failed')).toHaveLength(3);
    expect(source.waiting()).toEqual([req.contractId]);
    source.complete(req.contractId, { ipv4: '198.51.100.8' });
    expect((await pending).status).toBe('running');
    // Terminating with the receiver still down succeeds too.
    await expect(provisioner.terminate(`manual-${req.contractId}`)).resolves.toBeUndefined();
  });

  it('retries a receiver that is briefly down with the same delivery id, and gives up at once on a 4xx', async () => {
    const { provisioner, source, receiver: r } = await setup();
    let answers = [503, 503];
    r.answer = (call) => answers.shift() ?? (call.genuine ? 204 : 401);
    const req = request();
    const pending = provisioner.provision(req);
    await until(() => r.calls.length === 3, 'three attempts');
    expect(new Set(r.calls.map((c) => c.headers['x-dc-delivery'])).size).toBe(1);
    source.complete(req.contractId, { ipv4: '198.51.100.9' });
    await pending;

    r.calls.length = 0;
    answers = [401, 401, 401];
    await provisioner.terminate(`manual-${req.contractId}`);
    expect(r.calls).toHaveLength(1);
  });
});

describe('manual provisioner: waiting', () => {
  it('shows the instance as waiting_for_provider until the provider completes it', async () => {
    const { provisioner, source } = await setup();
    const req = request();
    const pending = provisioner.provision(req);
    const id = `manual-${req.contractId}`;
    expect(await provisioner.getInstance(id)).toMatchObject({
      status: 'waiting_for_provider',
      ipv4: null,
    });
    expect(await provisioner.listInstances()).toEqual([
      {
        externalId: id,
        provisioner: 'manual',
        contractId: req.contractId,
        status: 'waiting_for_provider',
      },
    ]);
    expect(await provisioner.health(id)).toEqual({
      state: 'unknown',
      reason: 'waiting for the provider to build it',
    });
    source.complete(req.contractId, {
      ipv4: '198.51.100.10',
      health: { state: 'healthy', uptimeSeconds: 5 },
    });
    await pending;
    expect(await provisioner.health(id)).toEqual({ state: 'healthy', uptimeSeconds: 5 });
  });

  it('stops waiting when the contract is terminated, and tells the provider', async () => {
    const { provisioner, receiver: r } = await setup();
    const req = request();
    const outcome = provisioner.provision(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    await provisioner.terminate(`manual-${req.contractId}`);
    expect(await outcome).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/terminated while waiting/),
    });
    expect(r.events('terminate_requested').map((c) => c.body['contract_id'])).toEqual([
      req.contractId,
    ]);
  });

  it('gives up waiting after waitTimeoutMs with a retryable timeout', async () => {
    const { provisioner } = await setup({ waitTimeoutMs: 50 });
    await expect(provisioner.provision(request())).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });

  it('rejects details that are not an address, retryably (the provider can correct them)', async () => {
    const { provisioner, source } = await setup();
    const req = request();
    const pending = provisioner.provision(req);
    source.complete(req.contractId, { ipv4: 'the usual one' });
    await expect(pending).rejects.toMatchObject({
      code: 'invalid_request',
      retryable: true,
      message: expect.stringMatching(/ipv4/),
    });
  });

  it('fails only when the provider declines', async () => {
    const { provisioner, source } = await setup();
    const req = request();
    const pending = provisioner.provision(req);
    source.decline(req.contractId, 'rack is full');
    await expect(pending).rejects.toMatchObject({
      code: 'capacity_unavailable',
      retryable: false,
      message: expect.stringMatching(/rack is full/),
    });
  });
});

describe('manual provisioner: setup and ownership', () => {
  it('works without a webhook (dashboard only), with a warning', async () => {
    const source = new InMemoryCompletionSource();
    const provisioner = createManualProvisioner({}, { source });
    expect(await provisioner.verifySetup()).toEqual({
      ok: true,
      errors: [],
      warnings: [expect.stringMatching(/no webhookUrl/)],
    });
    const req = request();
    const pending = provisioner.provision(req);
    source.complete(req.contractId, { ipv4: null });
    expect((await pending).ipv4).toBeNull();
  });

  it('reports an unreachable receiver, plain http to another host, and config mistakes', async () => {
    const source = new InMemoryCompletionSource();
    const down = createManualProvisioner(
      { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook`, webhookSecret: SECRET },
      { source },
    );
    expect((await down.verifySetup()).errors[0]).toMatch(/did not accept a signed ping/);
    const remote = createManualProvisioner(
      { webhookUrl: 'http://ops.example.com/hook', webhookSecret: SECRET },
      { source, fetch: async () => new Response(null, { status: 204 }) },
    );
    expect(await remote.verifySetup()).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/plain http/)],
    });
    const bad = await createManualProvisioner(
      { webhookUrl: 'https://ops.example.com/hook' },
      { source },
    ).verifySetup();
    expect(bad.errors).toEqual([
      expect.stringMatching(/webhookSecret: webhookSecret is required with webhookUrl/),
    ]);
    await expect(
      createManualProvisioner({ webhookSecret: 'short' }, { source }).provision(request()),
    ).rejects.toMatchObject({
      code: 'invalid_config',
      retryable: true,
    });
  });

  it('refuses to terminate an id that is not a manual instance', async () => {
    const { provisioner } = await setup();
    await expect(provisioner.terminate('12345')).rejects.toMatchObject({
      code: 'invalid_request',
      retryable: false,
    });
  });
});
