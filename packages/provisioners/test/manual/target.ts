import { ProvisionerError } from '../../src/errors';
import {
  createManualProvisioner,
  InMemoryCompletionSource,
  type ManualCompletionSource,
} from '../../src/providers/manual';
import type { ConformanceTarget } from '../../src/testing/conformance';
import { WebhookReceiver } from './receiver';

export const SECRET = 'test-webhook-secret-0123456789abcdef';
// Webhook retries in tests come at once instead of after seconds.
export const FAST = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

/**
 * The conformance target of the manual provisioner: a provider's webhook receiver with a "rack"
 * of hand-built servers (a terminate notice removes the contract's server from it), and an
 * in-memory completion source that `completeExternally` completes once the provision notice
 * has arrived, as a provider would.
 */
export async function manualTarget(): Promise<
  ConformanceTarget & { receiver: WebhookReceiver; source: InMemoryCompletionSource }
> {
  const rack: { contractId: string | null }[] = [];
  const receiver = new WebhookReceiver(SECRET, (call) => {
    if (call.body['event'] === 'terminate_requested') {
      for (let i = rack.length - 1; i >= 0; i--)
        if (rack[i]?.contractId === call.body['contract_id']) rack.splice(i, 1);
    }
  });
  const webhookUrl = await receiver.start();
  const inner = new InMemoryCompletionSource();
  let crashNext = 0;
  let declineNext = 0;
  // The agent's link to the API drops after the provider completed: the details are saved,
  // the waiting provision does not hear of them.
  const source: ManualCompletionSource = {
    waitForCompletion: async (contractId, signal) => {
      const crash = crashNext > 0;
      if (crash) crashNext--;
      const details = await inner.waitForCompletion(contractId, signal);
      if (crash)
        throw new ProvisionerError(
          'network_error',
          'lost the connection to the API while waiting (injected)',
          { retryable: true },
        );
      return details;
    },
    lookup: (contractId) => inner.lookup(contractId),
    list: () => inner.list(),
    release: (contractId) => inner.release(contractId),
  };
  const deps = { source, notifyRetry: FAST, terminateRetry: FAST };
  let ip = 10;
  return {
    receiver,
    source: inner,
    provisioner: createManualProvisioner({ webhookUrl, webhookSecret: SECRET }, deps),
    misconfigured: createManualProvisioner(
      { webhookUrl: 'ftp://ops.example.com/hook', webhookSecret: 'short' },
      deps,
    ),
    request: (contractId) => ({
      contractId,
      offeringId: 'rack-box',
      cpuCores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      image: 'debian-12',
      location: 'basement',
      sshPublicKeys: [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5LWZvci1kYy10ZXN0cw renter@test',
      ],
      config: {},
    }),
    completeExternally: async (contractId) => {
      if ((await inner.lookup(contractId)) !== null) return;
      const deadline = Date.now() + 5000;
      while (
        !receiver.calls.some(
          (c) =>
            c.genuine &&
            c.body['event'] === 'provision_requested' &&
            c.body['contract_id'] === contractId,
        )
      ) {
        if (Date.now() > deadline) throw new Error(`no provision notice for ${contractId}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (declineNext > 0) {
        declineNext--;
        // Built, found broken, taken down again: nothing stays in the rack.
        inner.decline(contractId, 'the disk failed during setup');
        return;
      }
      rack.push({ contractId });
      inner.complete(contractId, { ipv4: `198.51.100.${ip++}`, sshPort: 22 });
    },
    resourcesFor: async (contractId) => ({
      servers: rack.filter((s) => s.contractId === contractId).length,
      other: 0,
    }),
    crashAfterNextCreate: () => {
      crashNext++;
    },
    failNextProvisionAfterCreate: () => {
      declineNext++;
    },
    // Not called: the manual provisioner cannot see power state (canObservePower: false).
    stopOutOfBand: async () => {},
    addForeignServer: async () => {
      rack.push({ contractId: null });
    },
    close: () => receiver.close(),
  };
}
