/**
 * The Proxmox VE API's JSON shapes (`/api2/json`), as the API viewer (apidoc.js) describes them.
 * Only the fields the provisioner reads; Proxmox often sends numbers as strings and booleans
 * as 0/1, so both are allowed where seen in practice.
 */

/** Every answer: `{"data": ...}`; errors add `message` (PVE 8+) and per-parameter `errors`. */
export interface PveEnvelope<T> {
  readonly data: T;
  readonly message?: string;
  readonly errors?: Readonly<Record<string, string>>;
  /** Line count of a task log. */
  readonly total?: number;
}

/** `GET /version`. */
export interface PveVersion {
  readonly version: string;
  readonly release?: string;
  readonly repoid?: string;
}

/** One entry of `GET /nodes`. */
export interface PveNode {
  readonly node: string;
  readonly status: 'online' | 'offline' | 'unknown';
  readonly ssl_fingerprint?: string;
}

/** One entry of `GET /cluster/resources?type=vm`. */
export interface PveVmResource {
  /** `qemu/101` or `lxc/102`. */
  readonly id: string;
  readonly type: 'qemu' | 'lxc';
  readonly vmid: number;
  readonly node: string;
  readonly name?: string;
  readonly status: string;
  readonly template?: 0 | 1;
  /** `;`-separated tag list. */
  readonly tags?: string;
  /** The config lock (`clone`, `migrate`, `backup`...) while an operation runs. */
  readonly lock?: string;
  readonly uptime?: number;
}

/** `GET /nodes/{node}/qemu/{vmid}/config` (the keys we use; the rest is passed through). */
export interface PveVmConfig {
  readonly name?: string;
  readonly description?: string;
  readonly tags?: string;
  readonly lock?: string;
  readonly template?: 0 | 1 | '1';
  readonly cores?: number | string;
  readonly memory?: number | string;
  readonly net0?: string;
  readonly digest?: string;
  readonly [key: string]: unknown;
}

/** `GET /nodes/{node}/qemu/{vmid}/status/current`. */
export interface PveVmStatus {
  readonly vmid: number | string;
  /** `running` or `stopped`. */
  readonly status: string;
  /** QMP state: `running`, `paused`, `prelaunch`... */
  readonly qmpstatus?: string;
  readonly uptime?: number;
  readonly name?: string;
  readonly lock?: string;
}

/** `GET /nodes/{node}/tasks/{upid}/status`. */
export interface PveTaskStatus {
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  readonly id?: string;
  readonly status: 'running' | 'stopped';
  /** `OK`, `WARNINGS: n`, or the error message; only once stopped. */
  readonly exitstatus?: string;
}

/** One line of `GET /nodes/{node}/tasks/{upid}/log`. */
export interface PveTaskLogLine {
  readonly n: number;
  readonly t: string;
}

/** One entry of `GET /nodes/{node}/storage`. */
export interface PveStorage {
  readonly storage: string;
  readonly type: string;
  /** Comma-separated content types, e.g. `images,rootdir`. */
  readonly content: string;
  readonly active?: 0 | 1;
  readonly enabled?: 0 | 1;
}

/** One entry of `GET /nodes/{node}/network`. */
export interface PveNetworkInterface {
  readonly iface: string;
  readonly type: string;
  readonly active?: 0 | 1;
}

/** QEMU guest agent `network-get-interfaces`, wrapped in `{result: [...]}`. */
export interface PveAgentInterfaces {
  readonly result: ReadonlyArray<{
    readonly name: string;
    readonly 'hardware-address'?: string;
    readonly 'ip-addresses'?: ReadonlyArray<{
      readonly 'ip-address': string;
      readonly 'ip-address-type': 'ipv4' | 'ipv6';
      readonly prefix: number;
    }>;
  }>;
}

/** `POST .../agent/exec`. */
export interface PveAgentExec {
  readonly pid: number;
}

/** `GET .../agent/exec-status?pid=`. */
export interface PveAgentExecStatus {
  readonly exited: 0 | 1 | boolean;
  readonly exitcode?: number;
  readonly signal?: number;
  readonly 'out-data'?: string;
  readonly 'err-data'?: string;
  readonly 'out-truncated'?: 0 | 1 | boolean;
}
