import { randomUUID } from 'node:crypto';
import type {
  ProxmoxConfigInput,
  ProxmoxProvisionerOptions,
} from '../../../providers/proxmox/provisioner';
import { createProxmoxProvisioner } from '../../../providers/proxmox/provisioner';
import type { ConformanceTarget } from '../../conformance';
import { type FakeFaults, FakeHttpServer, type FakeLogEntry, json } from '../../fake-server';
import { registerAgentRoutes } from './routes-agent';
import { type ApiRoute, registerClusterRoutes } from './routes-cluster';
import { registerQemuRoutes } from './routes-qemu';
import {
  TEST_ONLY_PROXMOX_CERT_FINGERPRINT,
  TEST_ONLY_PROXMOX_CERT_PEM,
  TEST_ONLY_PROXMOX_KEY_PEM,
} from './test-only-certificate';
import { TlsTerminator } from './tls-terminator';
import { type FakeProxmoxTask, type FakeProxmoxVm, FakeProxmoxWorld } from './world';

/** Settings of {@link FakeProxmox}. */
export interface FakeProxmoxOptions {
  /** Node names (default `['pve']`); the first one holds the template. */
  readonly nodes?: readonly string[];
  /** VM id of the cloud-init template (default 9000). */
  readonly templateVmId?: number;
  /** How long every task runs, ms (default 20). */
  readonly taskDurationMs?: number;
  /** How long after a start the guest agent answers, ms (default 20). */
  readonly agentDelayMs?: number;
  /** The API token (default `root@pam!dc-test` with a random secret). */
  readonly tokenId?: string;
  readonly tokenSecret?: string;
}

/**
 * An in-process fake of the Proxmox VE API (`https://127.0.0.1:<port>/api2/json`) with the real
 * paths, form-encoded bodies, `{"data": ...}` envelopes and error shapes, API token auth, tasks
 * (UPIDs) that finish after a delay and can fail with a log, `/cluster/nextid`, clone conflicts,
 * cloud-init config, disk resize, power actions, and a guest agent that answers after start.
 * Served over HTTPS with a TEST-ONLY self-signed certificate (see `test-only-certificate.ts`).
 *
 * Faults: `faults` (latency, 429, 5xx, crash after the clone, failed tasks), plus
 * `failNextTask(type)` and `takeIdOnNextClone`.
 */
export class FakeProxmox {
  readonly server: FakeHttpServer;
  readonly #world: FakeProxmoxWorld;
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly templateVmId: number;
  readonly node: string;
  #terminator: TlsTerminator | undefined;
  #url: string | undefined;

  constructor(options: FakeProxmoxOptions = {}) {
    this.server = new FakeHttpServer({
      rateLimitResponse: () =>
        json(429, { data: null, message: 'too many requests\n' }, { 'retry-after': '0' }),
    });
    this.#world = new FakeProxmoxWorld(this.server, {
      taskDurationMs: options.taskDurationMs ?? 20,
      agentDelayMs: options.agentDelayMs ?? 20,
    });
    this.tokenId = options.tokenId ?? 'root@pam!dc-test';
    this.tokenSecret = options.tokenSecret ?? randomUUID();
    this.templateVmId = options.templateVmId ?? 9000;
    const nodes = options.nodes ?? ['pve'];
    this.node = nodes[0] ?? 'pve';
    for (const node of nodes) this.#world.nodes.set(node, { online: true });
    this.#world.tokens.set(this.tokenId, this.tokenSecret);
    this.#world.addVm(this.templateVmId, this.node, {
      name: 'ubuntu-2404-cloudinit',
      template: 1,
      cores: 1,
      memory: '2048',
      agent: '1',
      ostype: 'l26',
      scsihw: 'virtio-scsi-single',
      scsi0: `local-lvm:base-${this.templateVmId}-disk-0,iothread=1,size=3584M`,
      ide2: `local-lvm:vm-${this.templateVmId}-cloudinit,media=cdrom`,
      net0: 'virtio=BC:24:11:00:23:28,bridge=vmbr0,firewall=1',
      boot: 'order=scsi0',
      serial0: 'socket',
      vga: 'serial0',
    });
    const api: ApiRoute = (method, path, handler, routeOptions) =>
      this.server.route(
        method,
        `/api2/json${path}`,
        (req) => {
          const auth = this.#world.authenticate(req.headers.authorization);
          return 'user' in auth ? handler(req, auth.user) : auth;
        },
        routeOptions,
      );
    registerClusterRoutes(api, this.#world);
    registerQemuRoutes(api, this.#world);
    registerAgentRoutes(api, this.#world);
  }

  /** Starts the HTTPS endpoint; resolves the base URL (`https://127.0.0.1:<port>`, no `/api2/json`). */
  async start(): Promise<string> {
    if (this.#url !== undefined) return this.#url;
    const backend = new URL(await this.server.listen());
    this.#terminator = new TlsTerminator({
      cert: TEST_ONLY_PROXMOX_CERT_PEM,
      key: TEST_ONLY_PROXMOX_KEY_PEM,
      backendPort: Number(backend.port),
    });
    this.#url = await this.#terminator.listen();
    return this.#url;
  }

  async close(): Promise<void> {
    this.#world.close();
    await this.#terminator?.close();
    await this.server.close();
  }

  /** The base URL; throws before `start()`. */
  get url(): string {
    if (this.#url === undefined) throw new Error('FakeProxmox: call start() first');
    return this.#url;
  }

  /** Fault injection shared with FakeHttpServer (crashAfterCreateNext hits the clone call). */
  get faults(): FakeFaults {
    return this.server.faults;
  }

  /** Requests answered, for assertions. */
  get log(): readonly FakeLogEntry[] {
    return this.server.log;
  }

  /** The certificate to trust (PEM) and its SHA-256 fingerprint. */
  get certificatePem(): string {
    return TEST_ONLY_PROXMOX_CERT_PEM;
  }

  get certificateFingerprint(): string {
    return TEST_ONLY_PROXMOX_CERT_FINGERPRINT;
  }

  /** All VMs (templates included). */
  vms(): FakeProxmoxVm[] {
    return [...this.#world.vms.values()];
  }

  vm(vmid: number): FakeProxmoxVm | undefined {
    return this.#world.vms.get(vmid);
  }

  tasks(): FakeProxmoxTask[] {
    return [...this.#world.tasks.values()];
  }

  /** VMs destroyed so far, with the query of the DELETE. */
  destroyed(): ReadonlyArray<{
    readonly vmid: number;
    readonly query: Readonly<Record<string, string>>;
  }> {
    return this.#world.destroyed;
  }

  /** VMs whose description carries `dc-contract=<contractId>`. */
  vmsOf(contractId: string): FakeProxmoxVm[] {
    return this.vms().filter((vm) =>
      String(vm.config['description'] ?? '')
        .split('\n')
        .includes(`dc-contract=${contractId}`),
    );
  }

  /** Makes the next task of `type` (`qmclone`, `qmstart`, `qmresize`...; any when omitted) fail with `message`. */
  failNextTask(type?: string, message = `${type ?? 'task'} failed: injected failure`): void {
    this.#world.taskFailures.push({ type, message });
  }

  /** Another client grabs the id of the next clone just before it arrives (nextid race). */
  set takeIdOnNextClone(count: number) {
    this.#world.takeIdOnNextClone = count;
  }

  /** What guest-agent programs (the recipe) exit with and print. */
  setExecResult(result: { exitcode: number; out: string; durationMs?: number }): void {
    this.#world.execResult = { durationMs: 0, ...result };
  }

  set taskDurationMs(ms: number) {
    this.#world.taskDurationMs = ms;
  }

  set agentDelayMs(ms: number) {
    this.#world.agentDelayMs = ms;
  }

  setNodeOnline(node: string, online: boolean): void {
    this.#world.nodes.set(node, { online });
  }

  /** Adds a VM outside the provisioner (foreign or pre-existing). */
  addVm(
    vmid: number,
    config: Record<string, string | number>,
    status: 'running' | 'stopped' = 'stopped',
    node = this.node,
  ): FakeProxmoxVm {
    return this.#world.addVm(vmid, node, config, status);
  }

  /** Adds a bridge / storage to the node. */
  addBridge(name: string): void {
    this.#world.bridges.push(name);
  }

  /** A provisioner config for this fake: fingerprint pinning by default, or the CA. */
  providerConfig(tls: 'fingerprint' | 'ca' = 'fingerprint'): ProxmoxConfigInput {
    return {
      baseUrl: this.url,
      tokenId: this.tokenId,
      tokenSecret: this.tokenSecret,
      node: this.node,
      templateVmId: this.templateVmId,
      tls:
        tls === 'ca'
          ? { caCertificate: this.certificatePem }
          : { fingerprintSha256: this.certificateFingerprint },
    };
  }

  /** The conformance suite's view of this fake (starts it if needed). */
  async conformanceTarget(options: ProxmoxProvisionerOptions = {}): Promise<ConformanceTarget> {
    await this.start();
    const timing = { pollIntervalMs: 5, ...options };
    return {
      provisioner: createProxmoxProvisioner(this.providerConfig(), timing),
      misconfigured: createProxmoxProvisioner(
        { ...this.providerConfig(), tokenSecret: 'not-the-secret' },
        timing,
      ),
      request: (contractId) => ({
        contractId,
        offeringId: 'proxmox-small',
        cpuCores: 2,
        memoryMiB: 2048,
        diskGiB: 20,
        image: 'ubuntu-24.04',
        location: this.node,
        sshPublicKeys: [
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkC2Jr0v7m8qE3fCqW3tTgq5Bz1yqf1o2w3N4m5K6hL renter@laptop',
        ],
        config: {},
      }),
      resourcesFor: async (contractId) => ({ servers: this.vmsOf(contractId).length, other: 0 }),
      crashAfterNextCreate: () => {
        this.faults.crashAfterCreateNext += 1;
      },
      // The start task fails: the VM exists (cloned, configured), so cleanup is what is tested.
      failNextProvisionAfterCreate: () =>
        this.failNextTask('qmstart', 'start failed: QEMU exited with code 1'),
      stopOutOfBand: async (externalId) => {
        const vm = this.vm(Number(externalId.split('/')[1]));
        if (vm) {
          vm.status = 'stopped';
          vm.startedAt = null;
          vm.agentReadyAt = null;
        }
      },
      addForeignServer: async () => {
        const vmid = this.#world.nextId();
        this.addVm(
          vmid,
          {
            name: `customer-vm-${vmid}`,
            cores: 2,
            memory: '4096',
            scsi0: `local-lvm:vm-${vmid}-disk-0,size=32G`,
            description: 'not ours',
          },
          'running',
        );
      },
      close: () => this.close(),
    };
  }
}
