import { isProvisionerError, ProvisionerError } from '../../errors';
import type { HttpClient, HttpRequest } from '../../http/client';
import { pollUntil } from '../../poll';
import type { ProxmoxConnection } from './connection';
import type { VmRef } from './convert';
import { classifyMessage } from './errors';
import type {
  PveAgentExec,
  PveAgentExecStatus,
  PveAgentInterfaces,
  PveEnvelope,
  PveNetworkInterface,
  PveNode,
  PveStorage,
  PveTaskLogLine,
  PveTaskStatus,
  PveVersion,
  PveVmConfig,
  PveVmResource,
  PveVmStatus,
} from './wire';

/** How long tasks may take and how often they are checked. */
export interface TaskTiming {
  readonly pollIntervalMs: number;
  readonly taskTimeoutMs: number;
}

type Form = NonNullable<HttpRequest['form']>;

const vmPath = (vm: VmRef, rest = '') =>
  `/nodes/${encodeURIComponent(vm.node)}/qemu/${vm.vmid}${rest}`;

/**
 * The Proxmox VE endpoints the provisioner uses, with `{data}` envelopes unwrapped. Mutating
 * calls return the task UPID (or `null` when Proxmox finished synchronously); `waitForTask`
 * follows it.
 */
export class ProxmoxApi {
  readonly #http: HttpClient;
  readonly #poll: HttpClient;
  readonly #timing: TaskTiming;
  readonly #signal: AbortSignal | undefined;

  constructor(connection: ProxmoxConnection, timing: TaskTiming, signal?: AbortSignal) {
    this.#http = connection.http;
    this.#poll = connection.poll;
    this.#timing = timing;
    this.#signal = signal;
  }

  async #data<T>(req: Omit<HttpRequest, 'signal'>, client: HttpClient = this.#http): Promise<T> {
    const body = await client.request<PveEnvelope<T> | null>({ ...req, signal: this.#signal });
    return (body?.data ?? null) as T;
  }

  /** Like a read, but `null` when the VM (or node) says "does not exist". */
  async #orNull<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (isProvisionerError(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  version(): Promise<PveVersion> {
    return this.#data({ method: 'GET', path: '/version' });
  }

  nodes(): Promise<PveNode[]> {
    return this.#data({ method: 'GET', path: '/nodes' });
  }

  storages(node: string): Promise<PveStorage[]> {
    return this.#data({ method: 'GET', path: `/nodes/${encodeURIComponent(node)}/storage` });
  }

  bridges(node: string): Promise<PveNetworkInterface[]> {
    return this.#data({
      method: 'GET',
      path: `/nodes/${encodeURIComponent(node)}/network`,
      query: { type: 'any_bridge' },
    });
  }

  /** Every VM of the cluster (Proxmox lists are not paginated). */
  async vms(): Promise<PveVmResource[]> {
    const all = await this.#data<PveVmResource[]>({
      method: 'GET',
      path: '/cluster/resources',
      query: { type: 'vm' },
    });
    return all.filter((r) => r.type === 'qemu');
  }

  /** The lowest free VM id; Proxmox sends it as a string. */
  async nextId(): Promise<number> {
    const id = Number(
      await this.#data<string | number>({ method: 'GET', path: '/cluster/nextid' }),
    );
    if (!Number.isInteger(id) || id < 100)
      throw new ProvisionerError(
        'upstream_error',
        `/cluster/nextid answered an invalid VM id "${String(id)}"`,
      );
    return id;
  }

  /** `POST /nodes/{node}/qemu/{template}/clone`; never re-sent (it may have created the VM). */
  clone(template: VmRef, form: Form): Promise<string> {
    return this.#data({
      method: 'POST',
      path: vmPath(template, '/clone'),
      form,
      idempotent: false,
    });
  }

  config(vm: VmRef): Promise<PveVmConfig | null> {
    return this.#orNull(() =>
      this.#data<PveVmConfig>({ method: 'GET', path: vmPath(vm, '/config') }),
    );
  }

  /** Async config update (`POST`): a UPID, or `null` when it finished inline. Same values twice are harmless. */
  updateConfig(vm: VmRef, form: Form): Promise<string | null> {
    return this.#data({ method: 'POST', path: vmPath(vm, '/config'), form, idempotent: true });
  }

  /** Grows a disk (an absolute size is idempotent). PVE 8 answers a UPID, PVE 7 `null`. */
  resize(vm: VmRef, disk: string, size: string): Promise<string | null> {
    return this.#data({ method: 'PUT', path: vmPath(vm, '/resize'), form: { disk, size } });
  }

  status(vm: VmRef): Promise<PveVmStatus | null> {
    return this.#orNull(() =>
      this.#data<PveVmStatus>({ method: 'GET', path: vmPath(vm, '/status/current') }),
    );
  }

  /**
   * `start`, hard `stop`, or ACPI `shutdown` (with `forceStop` after its timeout). Not re-sent:
   * a repeated start fails with "already running"; callers read the state first.
   */
  power(vm: VmRef, action: 'start' | 'stop' | 'shutdown', form: Form = {}): Promise<string | null> {
    return this.#data({ method: 'POST', path: vmPath(vm, `/status/${action}`), form });
  }

  /** Destroys the VM with its disks; `null` when it was already gone. */
  destroy(vm: VmRef): Promise<string | null> {
    return this.#orNull(() =>
      this.#data<string>({
        method: 'DELETE',
        path: vmPath(vm, ''),
        query: { purge: 1, 'destroy-unreferenced-disks': 1 },
      }),
    );
  }

  /** One guest agent query without retries (callers poll). */
  agentInterfaces(vm: VmRef): Promise<PveAgentInterfaces> {
    return this.#data(
      { method: 'GET', path: vmPath(vm, '/agent/network-get-interfaces') },
      this.#poll,
    );
  }

  /** Sets a guest user's password through the agent: no SSH, no shell (never-again #25). */
  async setUserPassword(vm: VmRef, username: string, password: string): Promise<void> {
    await this.#data({
      method: 'POST',
      path: vmPath(vm, '/agent/set-user-password'),
      form: { username, password },
      idempotent: true,
    });
  }

  /**
   * Replaces a guest file's content through the agent (`file-write`; Proxmox base64-encodes it
   * for the agent). Writing the same content again is harmless, so it is retried.
   */
  async writeGuestFile(vm: VmRef, file: string, content: string): Promise<void> {
    await this.#data({
      method: 'POST',
      path: vmPath(vm, '/agent/file-write'),
      form: { file, content },
      idempotent: true,
    });
  }

  /** Starts a program in the guest; `command` is an argv array, so the body is JSON (a form cannot repeat keys here). */
  agentExec(vm: VmRef, command: readonly string[], inputData: string): Promise<PveAgentExec> {
    return this.#data({
      method: 'POST',
      path: vmPath(vm, '/agent/exec'),
      json: { command, 'input-data': inputData },
      idempotent: false,
    });
  }

  agentExecStatus(vm: VmRef, pid: number): Promise<PveAgentExecStatus> {
    return this.#data(
      { method: 'GET', path: vmPath(vm, '/agent/exec-status'), query: { pid } },
      this.#poll,
    );
  }

  /**
   * Waits until the task stopped. `OK` and `WARNINGS: n` succeed; anything else throws with the
   * exit status and the last lines of the task log, coded by its text (storage missing ->
   * `invalid_config`, out of memory -> `capacity_unavailable`, else `upstream_error`).
   */
  async waitForTask(node: string, upid: string | null, what: string): Promise<void> {
    if (upid === null || typeof upid !== 'string' || !upid.startsWith('UPID:')) return;
    const path = `/nodes/${encodeURIComponent(node)}/tasks/${encodeURIComponent(upid)}`;
    const task = await pollUntil(
      async () => {
        try {
          const status = await this.#data<PveTaskStatus>(
            { method: 'GET', path: `${path}/status` },
            this.#poll,
          );
          return status.status === 'stopped' ? status : undefined;
        } catch (error) {
          // A blip while polling is not the task failing; the deadline still applies.
          if (isProvisionerError(error) && error.retryable && error.code !== 'aborted')
            return undefined;
          throw error;
        }
      },
      {
        what,
        intervalMs: this.#timing.pollIntervalMs,
        timeoutMs: this.#timing.taskTimeoutMs,
        signal: this.#signal,
      },
    );
    const exit = task.exitstatus ?? '';
    if (exit === 'OK' || exit.startsWith('WARNINGS')) return;
    const tail = await this.#logTail(`${path}/log`).catch(() => []);
    const classified = classifyMessage(`${exit}\n${tail.join('\n')}`);
    throw new ProvisionerError(
      classified?.code === 'not_found' ? 'upstream_error' : (classified?.code ?? 'upstream_error'),
      `${what} failed: ${exit || 'no exit status'}${tail.length > 0 ? `; task log tail:\n${tail.join('\n')}` : ''}`,
      { upstreamCode: classified?.upstreamCode ?? 'task_failed' },
    );
  }

  async #logTail(path: string, lines = 15): Promise<string[]> {
    const first = await this.#http.request<PveEnvelope<PveTaskLogLine[]>>({
      method: 'GET',
      path,
      query: { start: 0, limit: 1 },
      signal: this.#signal,
    });
    const total = first?.total ?? 0;
    const start = Math.max(0, total - lines);
    const page = await this.#http.request<PveEnvelope<PveTaskLogLine[]>>({
      method: 'GET',
      path,
      query: { start, limit: lines },
      signal: this.#signal,
    });
    return (page?.data ?? []).map((l) => l.t);
  }
}
