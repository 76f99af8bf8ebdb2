import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';

type Server = ReturnType<FakeHetznerCloud['servers']>[number];
type SshKey = ReturnType<FakeHetznerCloud['sshKeys']>[number];

/** What is kept of the fake cloud between runs. */
interface CloudSnapshot {
  readonly version: 1;
  readonly servers: Server[];
  readonly sshKeys: SshKey[];
  readonly userData: [number, string][];
  /** The largest server, address or key id handed out, so a restart never hands one out again. */
  readonly idFloor: number;
  readonly keyIdFloor: number;
}

// The fake's first ids (state.ts): each server takes three (server, IPv4, IPv6) and an address.
const FIRST_SERVER_ID = 4_200_000;
const FIRST_KEY_ID = 18_000_000;

/** Statuses a server is left in when an action was cut short by the stop. */
const SETTLED: Partial<Record<Server['status'], Server['status'] | null>> = {
  initializing: 'running',
  starting: 'running',
  rebuilding: 'running',
  migrating: 'running',
  stopping: 'off',
  deleting: null,
};

/**
 * The "local sandbox cloud": the fake Hetzner Cloud of `@dc/provisioners/testing`, which keeps
 * its servers in memory, saved to a JSON file every few seconds and at stop and loaded at
 * start, so a server rented before a restart is still there after it (the agent's reconcile
 * and health checks find it).
 */
export class SandboxCloud {
  readonly fake: FakeHetznerCloud;
  readonly #stateFile: string;
  readonly #timer: NodeJS.Timeout;
  #saved = '';
  #idFloor = FIRST_SERVER_ID;
  #keyIdFloor = FIRST_KEY_ID;

  private constructor(fake: FakeHetznerCloud, stateFile: string) {
    this.fake = fake;
    this.#stateFile = stateFile;
    this.#timer = setInterval(() => this.save(), 2_000);
    this.#timer.unref();
  }

  /**
   * Starts the fake on 127.0.0.1 (any free port) with the servers of `stateFile`, when there
   * is one. `actionDelayMs`: how long a create or delete takes, like a real cloud but faster.
   */
  static async start(stateFile: string, actionDelayMs: number): Promise<SandboxCloud> {
    const fake = new FakeHetznerCloud({ actionDelayMs, rateLimit: 1_000_000 });
    const cloud = new SandboxCloud(fake, stateFile);
    if (existsSync(stateFile)) cloud.#restore(JSON.parse(readFileSync(stateFile, 'utf8')));
    await fake.start();
    return cloud;
  }

  /** The API base URL the agent's Hetzner provisioner is pointed at (`.../v1`). */
  get baseUrl(): string {
    return this.fake.baseUrl;
  }

  /** The project token the fake accepts (`HCLOUD_TOKEN` of the agent). */
  get token(): string {
    return FAKE_HETZNER_TOKEN;
  }

  #restore(snapshot: CloudSnapshot): void {
    if (snapshot.version !== 1) {
      throw new Error(
        `${this.#stateFile}: unknown format version ${String(snapshot.version)}; start clean with --reset`,
      );
    }
    const { state } = this.fake;
    for (const server of snapshot.servers) {
      const settled = Object.hasOwn(SETTLED, server.status)
        ? SETTLED[server.status]
        : server.status;
      if (settled === null || settled === undefined) continue;
      state.servers.set(server.id, { ...server, status: settled, locked: false });
    }
    for (const key of snapshot.sshKeys) state.sshKeys.set(key.id, key);
    for (const [id, data] of snapshot.userData) state.userData.set(id, data);
    // Move the fake's counters past everything it handed out before the restart.
    this.#idFloor = snapshot.idFloor;
    this.#keyIdFloor = snapshot.keyIdFloor;
    while (state.nextServerId() < snapshot.idFloor);
    while (state.nextSshKeyId() < snapshot.keyIdFloor);
    for (let i = 0; i < Math.ceil((snapshot.idFloor - FIRST_SERVER_ID) / 3); i++) {
      state.nextAddresses();
    }
    this.#saved = JSON.stringify(this.#snapshot());
  }

  #snapshot(): CloudSnapshot {
    const servers = this.fake.servers();
    const ids = servers.flatMap((s) => [
      s.id,
      s.public_net.ipv4?.id ?? 0,
      s.public_net.ipv6?.id ?? 0,
    ]);
    this.#idFloor = Math.max(this.#idFloor, ...ids);
    const sshKeys = this.fake.sshKeys();
    this.#keyIdFloor = Math.max(this.#keyIdFloor, ...sshKeys.map((k) => k.id));
    return {
      version: 1,
      servers,
      sshKeys,
      userData: [...this.fake.state.userData].filter(([id]) => this.fake.state.servers.has(id)),
      idFloor: this.#idFloor,
      keyIdFloor: this.#keyIdFloor,
    };
  }

  /** Writes the state file (atomically, mode 0600) when something changed since the last save. */
  save(): void {
    const text = JSON.stringify(this.#snapshot());
    if (text === this.#saved) return;
    const temporary = `${this.#stateFile}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.#stateFile);
    this.#saved = text;
  }

  /** Saves and stops listening. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.save();
    await this.fake.close();
  }
}
