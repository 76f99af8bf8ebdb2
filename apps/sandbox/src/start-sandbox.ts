import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Client, getWallet, listPools } from '@dc/client';
import { banner } from './banner';
import { SandboxCloud } from './cloud';
import { assertUnlocked, takeLock } from './lock';
import { apiEntry, DASHBOARD_DIST } from './paths';
import { agentFolder, ensureAgentRegistered, initAgent, runAgent } from './processes/agent';
import { type ApiChild, apiDataDir, type SandboxTelegram, startApi } from './processes/api';
import type { ManagedChild } from './processes/child';
import { ChildRecord, stopLeftovers } from './processes/leftovers';
import { loadOrCreateIdentity, type SandboxIdentity } from './seed/identities';
import { seed } from './seed/seed';
import { type SandboxWebServer, startWebServer } from './web/server';

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions {
  /** Where everything is kept (`pnpm start`: `.dc-data` at the repository root). */
  readonly dataDir: string;
  /** Wipe the data first: a new database, new accounts and seed phrases, an empty cloud. */
  readonly reset?: boolean;
  /** Port of the web front (dashboard + API); default 8787, 0 = any free port. */
  readonly port?: number;
  /** Interface to listen on; default 127.0.0.1 (the sandbox is for this machine only). */
  readonly host?: string;
  /** Where progress and the banner go, one line per call; default stdout. */
  readonly log?: (line: string) => void;
  /** The dashboard's build to serve; default `apps/dashboard/dist`. */
  readonly dashboardDir?: string;
  /** How long a create or delete takes at the fake cloud, ms; default 2000. */
  readonly cloudActionMs?: number;
  /**
   * A Telegram bot, so accounts can link their chat and get notifications there (`pnpm start`
   * takes it from `DC_TELEGRAM_BOT_TOKEN`); default none.
   */
  readonly telegram?: SandboxTelegram;
}

/** A sandbox account: sign in to the dashboard with its seed phrase. */
export interface SandboxAccount {
  readonly username: string;
  readonly seedPhrase: string;
  readonly publicKeyHex: string;
}

/** A running local platform. */
export interface RunningSandbox {
  /** The web front: the dashboard, and the API under `/v1` on the same origin. */
  readonly url: string;
  /** The API process's own address (what the agent talks to); `url` proxies to it. */
  readonly apiUrl: string;
  readonly dataDir: string;
  /** Holds sandbox wallet credit; rents with it. */
  readonly renter: SandboxAccount;
  /** Owns the pool `local-sandbox` and its offerings; its agent runs on the fake cloud. */
  readonly provider: SandboxAccount & { readonly poolId: string };
  /** An admin of this platform (`DC_ADMIN_USERNAMES`). */
  readonly admin: SandboxAccount;
  /** What this start created (accounts, pool, offerings, credit, agent); empty on a restart. */
  readonly seeded: readonly string[];
  /** Resolves with the reason if the API or the agent stops by itself. */
  readonly failed: Promise<Error>;
  /** Stops the agent, then the API, then the fake cloud (saving it). Safe to call twice. */
  stop(): Promise<void>;
}

/** Folders inside the data folder; `--reset` removes exactly these. */
const PARTS = ['api', 'agent', 'sandbox', 'logs'] as const;

const account = (who: SandboxIdentity): SandboxAccount => ({
  username: who.username,
  seedPhrase: who.seedPhrase,
  publicKeyHex: who.identity.publicKeyHex,
});

/**
 * Starts the whole platform on this machine, labelled "local sandbox" everywhere: the fake
 * Hetzner cloud, the API (child process, embedded database, sandbox payment rail), the seed
 * (on first start: admin, provider "Local sandbox provider" with pool "local-sandbox" and its
 * offerings, renter with sandbox credit), the provider's `dc-agent` (child process) on the fake
 * cloud, and the web front serving the dashboard with the API on the same origin. Resolves
 * once a renter can rent (the pool is online).
 */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = resolve(options.dataDir);
  const sandboxDir = join(dataDir, 'sandbox');
  const logsDir = join(dataDir, 'logs');
  const lockFile = join(sandboxDir, 'lock');
  assertUnlocked(lockFile, dataDir);
  const childrenFile = join(sandboxDir, 'children.json');
  for (const left of await stopLeftovers(childrenFile)) {
    log(`Stopped ${left}, left running by an earlier start that was killed`);
  }
  if (options.reset === true) {
    log(`Reset: removing the local sandbox's data in ${dataDir}`);
    for (const part of PARTS) rmSync(join(dataDir, part), { recursive: true, force: true });
  }
  mkdirSync(sandboxDir, { recursive: true, mode: 0o700 });
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const releaseLock = takeLock(lockFile, dataDir);
  const children = new ChildRecord(childrenFile);

  let web: SandboxWebServer | undefined;
  let cloud: SandboxCloud | undefined;
  let api: ApiChild | undefined;
  let agent: ManagedChild | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await web?.close();
      await agent?.stop(30_000);
      await api?.process.stop(20_000);
      await cloud?.close();
      children.clear();
      releaseLock();
    })();
    return stopping;
  };

  try {
    web = await startWebServer({
      port: options.port ?? 8787,
      host: options.host ?? '127.0.0.1',
      dashboardDir: resolve(options.dashboardDir ?? DASHBOARD_DIST),
    });
    log('LOCAL SANDBOX: starting the local sandbox cloud (a fake Hetzner Cloud in this process)');
    cloud = await SandboxCloud.start(
      join(sandboxDir, 'cloud.json'),
      options.cloudActionMs ?? 2_000,
    );
    const renter = loadOrCreateIdentity(sandboxDir, 'renter');
    const provider = loadOrCreateIdentity(sandboxDir, 'provider');
    const admin = loadOrCreateIdentity(sandboxDir, 'admin');
    log(`Starting the API (sandbox mode, embedded database in ${apiDataDir(dataDir)})`);
    api = await startApi({
      dataDir: apiDataDir(dataDir),
      logFile: join(logsDir, 'api.log'),
      adminUsername: admin.username,
      ...(options.telegram === undefined ? {} : { telegram: options.telegram }),
    });
    children.add('the API', api.process.pid, apiEntry());
    web.setApiUrl(api.url);
    const seeded: string[] = [];
    const world = await seed(api.url, { renter, provider, admin }, seeded);
    const agentFiles = agentFolder(dataDir, join(logsDir, 'agent.log'));
    log("Starting the sandbox provider's dc-agent on the local sandbox cloud");
    const pubkey = await initAgent(agentFiles, api.url, cloud);
    if (await ensureAgentRegistered(agentFiles, cloud, world.provider, world.poolId, pubkey)) {
      seeded.push('agent registration');
    }
    agent = runAgent(agentFiles, cloud);
    children.add('dc-agent', agent.pid, agentFiles.config);
    await untilPoolOnline(world.provider, world.poolId, agent);
    log(
      seeded.length > 0
        ? `Seeded: ${seeded.join(', ')}`
        : 'Already seeded by an earlier start: kept its accounts, offerings, rentals and wallet',
    );
    const balances = (await getWallet(world.renter, {})).balances;
    const running: RunningSandbox = {
      url: web.url,
      apiUrl: api.url,
      dataDir,
      renter: account(renter),
      provider: { ...account(provider), poolId: world.poolId },
      admin: account(admin),
      seeded,
      failed: failure(
        [
          [api.process, 'the API', join(logsDir, 'api.log')],
          [agent, 'dc-agent', join(logsDir, 'agent.log')],
        ],
        () => stopping !== undefined,
      ),
      stop,
    };
    for (const line of banner(running, balances, options.telegram !== undefined)) log(line);
    return running;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves when the API or the agent exits while nobody stops them. */
function failure(
  children: readonly (readonly [ManagedChild, string, string])[],
  isStopping: () => boolean,
): Promise<Error> {
  return new Promise<Error>((resolve) => {
    for (const [child, name, logFile] of children) {
      void child.exited.then((exit) => {
        if (isStopping()) return;
        resolve(
          new Error(
            `${name} stopped by itself (${exit.code ?? exit.signal}); its log is ${logFile}${child.stderrTail ? `:\n${child.stderrTail.slice(-2000)}` : ''}`,
          ),
        );
      });
    }
  });
}

/** Waits for the agent's first heartbeat: only then are the pool's offerings listed. */
async function untilPoolOnline(provider: Client, poolId: string, agent: ManagedChild) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!agent.running) {
      throw new Error(`dc-agent exited before its first heartbeat:\n${agent.tail}`);
    }
    const { items } = await listPools(provider, {});
    if (items.find((pool) => pool.id === poolId)?.online) return;
    if (Date.now() > deadline) {
      throw new Error(`the sandbox agent sent no heartbeat within 120 s:\n${agent.tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
