import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvisionerError, PROVISIONER_ERROR_CODES } from '../errors';
import type { Provisioner } from '../provisioner';
import { InstanceSchema, type ProvisionRequest, ProvisionRequestSchema } from '../types';

/**
 * What the conformance suite needs besides the provisioner: a way to look at the cloud behind
 * it and to break it. The built-in fakes provide all of it; a custom provisioner's author writes
 * one against their own test double or sandbox.
 */
export interface ConformanceTarget {
  /** The provisioner under test, configured against the target cloud. */
  readonly provisioner: Provisioner;
  /** The same provisioner kind with a configuration that is wrong (bad token, unknown node...). */
  readonly misconfigured: Provisioner;
  /** A request the target accepts (image, location, sizes it has). */
  readonly request: (contractId: string) => ProvisionRequest;
  /** Live resources of each kind (servers, keys, volumes...) the cloud holds for a contract. */
  resourcesFor(contractId: string): Promise<{ servers: number; other: number }>;
  /** Make the next create succeed at the cloud but fail before the provisioner hears of it. */
  crashAfterNextCreate(): void;
  /** Make the next provision fail after something was created (a failed action, a dead task). */
  failNextProvisionAfterCreate(): void;
  /** Stop a server behind the provisioner's back. */
  stopOutOfBand(externalId: string): Promise<void>;
  /** Add a server that is not ours (no Decent Cloud label). */
  addForeignServer(): Promise<void>;
  /** Anything to finish a provisioning the cloud does asynchronously outside the provisioner (manual). */
  completeExternally?(contractId: string): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link runProvisionerConformance}. */
export interface ConformanceOptions {
  /** Per-test timeout, ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Skip the stop/health check for provisioners that cannot see a server's power state. */
  readonly canObservePower?: boolean;
}

let sequence = 0;
const run = Math.floor(Math.random() * 36 ** 4)
  .toString(36)
  .padStart(4, '0');
/**
 * A fresh contract id per test, unique within its first 12 characters (what `resourceName`
 * keeps), so tests never see each other's servers even when names are made from the prefix.
 */
function contractId(): string {
  sequence += 1;
  return `cnf${run}${sequence.toString(36).padStart(5, '0')}${Date.now().toString(36)}`;
}

async function expectProvisionerError(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a ProvisionerError').toBeDefined();
  expect(isProvisionerError(error), `expected a ProvisionerError, got ${String(error)}`).toBe(true);
  expect(PROVISIONER_ERROR_CODES).toContain((error as { code: string }).code);
}

/**
 * The behaviour every provisioner must have, as a vitest suite. Call it at the top level of a
 * test file:
 *
 * ```ts
 * runProvisionerConformance('my-cloud', async () => makeTarget());
 * ```
 */
export function runProvisionerConformance(
  name: string,
  makeTarget: () => Promise<ConformanceTarget>,
  options: ConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  describe(`provisioner conformance: ${name}`, () => {
    let t: ConformanceTarget;
    beforeAll(async () => {
      t = await makeTarget();
    }, timeout);
    afterAll(async () => {
      await t?.close();
    });

    const provision = async (id: string) => {
      const request = ProvisionRequestSchema.parse(t.request(id));
      const pending = t.provisioner.provision(request);
      if (t.completeExternally) await t.completeExternally(id);
      return pending;
    };

    it(
      'provisions a server and describes it with a valid Instance',
      async () => {
        const id = contractId();
        const instance = await provision(id);
        expect(InstanceSchema.parse(instance)).toMatchObject({
          contractId: id,
          provisioner: t.provisioner.kind,
        });
        expect((await t.provisioner.getInstance(instance.externalId))?.externalId).toBe(
          instance.externalId,
        );
        expect(await t.resourcesFor(id)).toMatchObject({ servers: 1 });
      },
      timeout,
    );

    it(
      'is idempotent: the same contract twice gives one server',
      async () => {
        const id = contractId();
        const first = await provision(id);
        const second = await provision(id);
        expect(second.externalId).toBe(first.externalId);
        expect((await t.resourcesFor(id)).servers).toBe(1);
      },
      timeout,
    );

    it(
      'adopts the server after a crash between create and answer',
      async () => {
        const id = contractId();
        t.crashAfterNextCreate();
        await expectProvisionerError(provision(id));
        const instance = await provision(id);
        expect(instance.contractId).toBe(id);
        expect((await t.resourcesFor(id)).servers).toBe(1);
      },
      timeout,
    );

    it(
      'cleans up everything it created when a provision fails',
      async () => {
        const id = contractId();
        t.failNextProvisionAfterCreate();
        await expectProvisionerError(provision(id));
        expect(await t.resourcesFor(id)).toEqual({ servers: 0, other: 0 });
      },
      timeout,
    );

    it(
      'terminates a server and all that was made for it',
      async () => {
        const id = contractId();
        const instance = await provision(id);
        await t.provisioner.terminate(instance.externalId);
        expect(await t.resourcesFor(id)).toEqual({ servers: 0, other: 0 });
        expect(await t.provisioner.getInstance(instance.externalId)).toBeNull();
      },
      timeout,
    );

    it(
      'treats terminating a missing server as done',
      async () => {
        const id = contractId();
        const instance = await provision(id);
        await t.provisioner.terminate(instance.externalId);
        await expect(t.provisioner.terminate(instance.externalId)).resolves.toBeUndefined();
      },
      timeout,
    );

    it(
      'reports health: healthy when running, not healthy when missing',
      async () => {
        const id = contractId();
        const instance = await provision(id);
        const healthy = await t.provisioner.health(instance.externalId);
        expect(['healthy', 'unknown']).toContain(healthy.state);
        await t.provisioner.terminate(instance.externalId);
        expect((await t.provisioner.health(instance.externalId)).state).not.toBe('healthy');
      },
      timeout,
    );

    if (options.canObservePower !== false) {
      it(
        'reports a server stopped out of band as unhealthy',
        async () => {
          const id = contractId();
          const instance = await provision(id);
          await t.stopOutOfBand(instance.externalId);
          expect((await t.provisioner.health(instance.externalId)).state).toBe('unhealthy');
        },
        timeout,
      );
    }

    it(
      'lists only its own servers',
      async () => {
        const id = contractId();
        const instance = await provision(id);
        await t.addForeignServer();
        const listed = await t.provisioner.listInstances();
        expect(listed.map((i) => i.externalId)).toContain(instance.externalId);
        for (const managed of listed) {
          expect(managed.provisioner).toBe(t.provisioner.kind);
          expect(managed.contractId).not.toBe('');
        }
        expect(listed.find((i) => i.externalId === instance.externalId)?.contractId).toBe(id);
      },
      timeout,
    );

    it(
      'reports a bad configuration from verifySetup without throwing',
      async () => {
        const report = await t.misconfigured.verifySetup();
        expect(report.ok).toBe(false);
        expect(report.errors.length).toBeGreaterThan(0);
        expect((await t.provisioner.verifySetup()).errors).toEqual([]);
      },
      timeout,
    );

    it(
      'fails a provision with a bad configuration with a typed error',
      async () => {
        await expectProvisionerError(
          t.misconfigured.provision(ProvisionRequestSchema.parse(t.request(contractId()))),
        );
      },
      timeout,
    );
  });
}
