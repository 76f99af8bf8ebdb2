import type { FakeHttpServer, FakeResponse } from '../../fake-server';
import { noSuchVm, pveError } from './responses';

/** A VM (or template) of the fake cluster. `config` holds Proxmox config keys as the API returns them. */
export interface FakeProxmoxVm {
  readonly vmid: number;
  node: string;
  config: Record<string, string | number>;
  status: 'running' | 'stopped';
  startedAt: number | null;
  /** When the guest agent starts answering (after a start). */
  agentReadyAt: number | null;
  /** `cipassword` as set (Proxmox itself only shows `**********`). */
  cloudInitPassword: string | undefined;
  /** Passwords set through the guest agent, per user. */
  readonly guestPasswords: Map<string, string>;
  /** Files written through the guest agent (`agent/file-write`), by path: their content. */
  readonly guestFiles: Map<string, string>;
  /** Programs run through the guest agent, by pid. */
  readonly execs: Map<number, FakeProxmoxExec>;
}

/** One `agent/exec` call. */
export interface FakeProxmoxExec {
  readonly command: readonly string[];
  readonly input: string | undefined;
  readonly doneAt: number;
  readonly exitcode: number;
  readonly out: string;
}

/** A Proxmox task (worker) with its UPID, state and log. */
export interface FakeProxmoxTask {
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  status: 'running' | 'stopped';
  exitstatus: string | undefined;
  readonly log: string[];
}

/** What a task does when it ends. */
export interface TaskSpec {
  /** Lines logged while it runs. */
  readonly log: readonly string[];
  readonly onSuccess: () => void;
  /** Undo on failure (a failed clone removes the half-made VM, as Proxmox does). */
  readonly onFailure?: () => void;
  /** Fail with this message regardless of injected faults (e.g. a missing bridge at start). */
  readonly error?: string;
}

/** A storage of the fake node. */
export interface FakeProxmoxStorage {
  readonly storage: string;
  readonly type: string;
  readonly content: string;
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

/**
 * The state of the fake cluster and the task machinery, shared by the route modules.
 * Tasks end after `taskDurationMs` on a timer, like Proxmox workers, so a crashed client
 * finds them finished (or still running) later.
 */
export class FakeProxmoxWorld {
  readonly vms = new Map<number, FakeProxmoxVm>();
  readonly tasks = new Map<string, FakeProxmoxTask>();
  readonly nodes = new Map<string, { online: boolean }>();
  readonly storages: FakeProxmoxStorage[] = [
    { storage: 'local', type: 'dir', content: 'iso,vztmpl,backup,snippets' },
    { storage: 'local-lvm', type: 'lvmthin', content: 'images,rootdir' },
  ];
  readonly bridges: string[] = ['vmbr0'];
  /** Valid API tokens: token id -> secret. */
  readonly tokens = new Map<string, string>();
  taskDurationMs: number;
  agentDelayMs: number;
  /** Queued task failures, consumed by the first task of a matching type. */
  readonly taskFailures: Array<{ readonly type: string | undefined; readonly message: string }> =
    [];
  /** Clones that find their `newid` just taken by another client. */
  takeIdOnNextClone = 0;
  /** Every destroyed VM with the query it was destroyed with (`purge`, `destroy-unreferenced-disks`). */
  readonly destroyed: Array<{
    readonly vmid: number;
    readonly query: Readonly<Record<string, string>>;
  }> = [];
  /** What `agent/exec` programs exit with. */
  execResult: { exitcode: number; out: string; durationMs: number } = {
    exitcode: 0,
    out: 'recipe done\n',
    durationMs: 0,
  };
  readonly #server: FakeHttpServer;
  readonly #timers = new Set<NodeJS.Timeout>();
  #pid = 0x3a00;

  constructor(server: FakeHttpServer, options: { taskDurationMs: number; agentDelayMs: number }) {
    this.#server = server;
    this.taskDurationMs = options.taskDurationMs;
    this.agentDelayMs = options.agentDelayMs;
  }

  /** 401 unless the header is `PVEAPIToken=<user@realm!name>=<secret>` with a known token. Returns the user on success. */
  authenticate(header: string | string[] | undefined): { user: string } | FakeResponse {
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^PVEAPIToken[= ]([^=\s]+)=(\S+)$/.exec(value ?? '');
    if (!match?.[1]) return pveError(401, 'No ticket');
    const secret = this.tokens.get(match[1]);
    if (secret === undefined) {
      const [user = '', name = ''] = match[1].split('!');
      return pveError(401, `no such token '${name}' for user '${user}'`);
    }
    if (secret !== match[2]) return pveError(401, 'invalid token value!');
    return { user: match[1] };
  }

  /** Proxmox's answer when a path names a node that is unknown (500) or down (595). */
  nodeProblem(node: string): FakeResponse | undefined {
    const state = this.nodes.get(node);
    if (!state)
      return pveError(
        500,
        `hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`,
      );
    if (!state.online) return pveError(595, 'No route to host');
    return undefined;
  }

  /** The VM on `node`, or the error Proxmox gives (unknown node, missing config). */
  vm(node: string, vmid: string | number): FakeProxmoxVm | FakeResponse {
    const problem = this.nodeProblem(node);
    if (problem) return problem;
    const vm = this.vms.get(Number(vmid));
    if (!vm || vm.node !== node) return noSuchVm(node, vmid);
    return vm;
  }

  /** Adds a VM straight into the cluster (templates, foreign VMs). */
  addVm(
    vmid: number,
    node: string,
    config: Record<string, string | number>,
    status: 'running' | 'stopped' = 'stopped',
  ): FakeProxmoxVm {
    const now = Date.now();
    const vm: FakeProxmoxVm = {
      vmid,
      node,
      config,
      status,
      startedAt: status === 'running' ? now : null,
      agentReadyAt: status === 'running' ? now : null,
      cloudInitPassword: undefined,
      guestPasswords: new Map(),
      guestFiles: new Map(),
      execs: new Map(),
    };
    this.vms.set(vmid, vm);
    return vm;
  }

  /** The lowest free VM id >= 100, as `/cluster/nextid` gives it. */
  nextId(): number {
    let id = 100;
    while (this.vms.has(id)) id++;
    return id;
  }

  /**
   * Starts a task and returns its UPID (`UPID:node:pid:pstart:starttime:type:id:user:`). It
   * fails when the spec says so, a queued failure of its type exists, or `failActionNext`
   * is set on the server.
   */
  startTask(node: string, type: string, id: string, user: string, spec: TaskSpec): string {
    const pid = ++this.#pid;
    const starttime = Math.floor(Date.now() / 1000);
    const pstart = 0x47d5e8 + pid;
    const upid = `UPID:${node}:${hex8(pid)}:${hex8(pstart)}:${hex8(starttime)}:${type}:${id}:${user}:`;
    const task: FakeProxmoxTask = {
      upid,
      node,
      type,
      id,
      user,
      pid,
      pstart,
      starttime,
      status: 'running',
      exitstatus: undefined,
      log: [spec.log[0] ?? `starting ${type}`],
    };
    this.tasks.set(upid, task);
    const queued = this.taskFailures.findIndex((f) => f.type === undefined || f.type === type);
    const injected =
      queued >= 0
        ? this.taskFailures.splice(queued, 1)[0]?.message
        : this.#server.takeActionFailure()
          ? `${type} failed: injected failure`
          : undefined;
    const error = spec.error ?? injected;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task.log.push(...spec.log.slice(1));
      task.status = 'stopped';
      if (error === undefined) {
        spec.onSuccess();
        task.exitstatus = 'OK';
        task.log.push('TASK OK');
      } else {
        spec.onFailure?.();
        task.exitstatus = error;
        task.log.push(`TASK ERROR: ${error}`);
      }
    }, this.taskDurationMs);
    this.#timers.add(timer);
    return upid;
  }

  /** Stops pending task timers (on close). */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
