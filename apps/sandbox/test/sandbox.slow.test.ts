// The whole local platform as `pnpm start` runs it, with real processes: startSandbox in a
// temporary folder starts the fake Hetzner cloud, the built API (child process, PGlite) and the
// sandbox provider's dc-agent (child process). The renter signs in with nothing but the seed
// phrase the sandbox printed, through the sandbox's own address (the proxy the browser uses).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Client,
  type Contract,
  createClient,
  getContract,
  getContractCredentials,
  getMe,
  getWallet,
  keyAuth,
  listAgents,
  listContracts,
  rentContract,
  requestPasswordReset,
  searchOfferings,
} from '@dc/client';
import { identityFromSeedPhrase, open } from '@dc/crypto';
import { generateSshPublicKey } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index';

const MINUTES = 60_000;
let dataDir: string;
let sandbox: RunningSandbox | undefined;
let lines: string[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dc-sandbox-'));
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(reset = false): Promise<RunningSandbox> {
  lines = [];
  sandbox = await startSandbox({
    dataDir,
    reset,
    port: 0,
    cloudActionMs: 200,
    log: (line) => lines.push(line),
  });
  return sandbox;
}

/** The seed phrase the sandbox printed for the renter (the line after "with this seed phrase"). */
function printedPhrase(): string {
  const at = lines.findIndex((line) => line.includes('Sign in to the dashboard with this seed'));
  const phrase = lines.slice(at + 1).find((line) => line.trim() !== '');
  if (at < 0 || phrase === undefined)
    throw new Error(`no seed phrase printed:\n${lines.join('\n')}`);
  return phrase.trim();
}

/** A client signing with the key of the printed phrase, at the sandbox's own address. */
/** Runs packages/client/examples/rent-a-server.ts as the printed renter; what it logged. */
async function runRentExample(running: RunningSandbox): Promise<string[]> {
  vi.stubEnv('DC_API_URL', running.url);
  vi.stubEnv('DC_SEED_PHRASE', running.renter.seedPhrase);
  vi.stubEnv('SSH_PUBLIC_KEY', generateSshPublicKey('renter@readme-example'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import('../../../packages/client/examples/rent-a-server');
    return log.mock.calls.map((call) => call.join(' '));
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
}

function printedRenter(running: RunningSandbox): { client: Client; secretKey: Uint8Array } {
  const { secretKey } = identityFromSeedPhrase(printedPhrase());
  return { client: createClient({ baseUrl: running.url, auth: keyAuth(secretKey) }), secretKey };
}

/** Node processes running the API or the agent whose parent is this test process. */
function ourChildren(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (ppid === process.pid && /apps\/(api|agent)\/dist\//.test(cmdline)) found.push(cmdline);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 3 * MINUTES;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const euro = async (client: Client) =>
  (await getWallet(client, {})).balances.find((b) => b.currency === 'EUR')?.balance;

let contract: Contract;
let balanceAfterRent: number | undefined;
let firstPhrase: string;

describe('pnpm start: the local sandbox', () => {
  it(
    'prints a renter who signs in with the phrase, sees sandbox offerings and credit, rents with the wallet, gets a server built by the agent and opens its credentials',
    async () => {
      const running = await start();
      const output = lines.join('\n');
      expect(output).toContain('LOCAL SANDBOX: nothing here is real');
      expect(output).toContain(running.url);
      expect(running.seeded).toContain('agent registration');
      firstPhrase = printedPhrase();
      expect(firstPhrase).toBe(running.renter.seedPhrase);
      expect(firstPhrase.split(' ')).toHaveLength(12);

      const renter = printedRenter(running);
      expect((await getMe(renter.client, {})).username).toBe(running.renter.username);
      expect(await euro(renter.client)).toBe(50_000);

      const { items } = await searchOfferings(renter.client, { limit: 100 });
      expect(items.length).toBeGreaterThanOrEqual(5);
      for (const offering of items) {
        expect(offering.name).toContain('(local sandbox)');
        expect(offering.provider_username).toBe(running.provider.username);
        expect(offering.listed).toBe(true);
      }
      const offering = items.find((o) => o.slug === 'sandbox-vps-s') ?? items[0];
      if (!offering) throw new Error('no offering');

      const rented = await rentContract(renter.client, {
        body: {
          offering_id: offering.id,
          hours: 24,
          ssh_public_keys: [generateSshPublicKey('renter@sandbox-test')],
          os_image: 'debian-12',
          payment_rail: 'wallet',
          idempotency_key: 'sandbox-test-rent-1',
        },
      });
      // The root README's "Use the SDK" lines, run as a reader would against this sandbox.
      const printed = await runRentExample(running);
      expect(printed[0]).toMatch(/^.+ \(local sandbox\): \d+\.\d{2} EUR for 24 h$/);
      expect(printed[1]).toMatch(/^[0-9a-f-]{36} (requested|accepted)$/);
      balanceAfterRent = await euro(renter.client);
      expect(balanceAfterRent).toBeLessThan(50_000);

      contract = await until('the contract to be delivered', async () => {
        const now = await getContract(renter.client, { id: rented.id });
        return ['provisioned', 'active'].includes(now.status) ? now : undefined;
      });
      expect(contract.instance).toMatchObject({ provisioner: 'hetzner' });

      // Hetzner sets no root password when SSH keys are given; the renter asks for one and
      // opens what the agent sealed with the key of the printed phrase.
      await requestPasswordReset(renter.client, {
        id: contract.id,
        body: { idempotency_key: 'sandbox-test-reset-1' },
      });
      const sealed = await until('the sealed root password', async () => {
        const { items: credentials } = await getContractCredentials(renter.client, {
          id: contract.id,
        });
        return credentials.find((item) => item.purpose === 'root_password');
      });
      const password = new TextDecoder().decode(
        open(sealed.envelope as never, renter.secretKey, {
          contractId: contract.id,
          purpose: 'root_password',
        }),
      );
      expect(password).toMatch(/^\S{12,}$/);

      expect(ourChildren()).toHaveLength(2);
      await running.stop();
      expect(ourChildren()).toEqual([]);
    },
    10 * MINUTES,
  );

  it(
    'restarts on the same data without seeding again: same renter, wallet, contract and agent',
    async () => {
      const running = await start();
      expect(running.seeded).toEqual([]);
      expect(lines.join('\n')).toContain('Already seeded by an earlier start');
      expect(printedPhrase()).toBe(firstPhrase);

      const renter = printedRenter(running);
      expect(await euro(renter.client)).toBe(balanceAfterRent);
      const again = await getContract(renter.client, { id: contract.id });
      expect(['provisioned', 'active']).toContain(again.status);
      expect(again.instance?.['external_id']).toBe(contract.instance?.['external_id']);
      const { items } = await searchOfferings(renter.client, { limit: 100 });
      expect(items.map((o) => o.slug).sort()).toEqual([
        'sandbox-arm-m',
        'sandbox-dedicated-s',
        'sandbox-vps-l',
        'sandbox-vps-m',
        'sandbox-vps-s',
      ]);
      const provider = createClient({
        baseUrl: running.url,
        auth: keyAuth(identityFromSeedPhrase(running.provider.seedPhrase).secretKey),
      });
      expect((await listAgents(provider, {})).items).toHaveLength(1);

      await running.stop();
      expect(ourChildren()).toEqual([]);
    },
    10 * MINUTES,
  );

  it(
    '--reset starts clean: new renter phrase, full credit, no contracts',
    async () => {
      const running = await start(true);
      expect(lines.join('\n')).toContain('Reset: removing');
      expect(running.seeded.length).toBeGreaterThan(0);
      expect(printedPhrase()).not.toBe(firstPhrase);

      const renter = printedRenter(running);
      expect(await euro(renter.client)).toBe(50_000);
      expect((await listContracts(renter.client, {})).items).toEqual([]);

      await running.stop();
      expect(ourChildren()).toEqual([]);
    },
    10 * MINUTES,
  );
});
