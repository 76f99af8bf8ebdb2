import { randomBytes } from 'node:crypto';

/** A port binding as the fake Engine stores it. */
export interface FakePortBinding {
  HostIp: string;
  HostPort: string;
}

/** One container in the fake Engine. */
export interface FakeContainer {
  readonly Id: string;
  readonly Name: string;
  readonly Image: string;
  readonly Created: string;
  readonly Labels: Record<string, string>;
  readonly Env: string[];
  readonly ExposedPorts: Record<string, object>;
  readonly HostConfig: {
    NanoCpus: number;
    Memory: number;
    MemorySwap: number;
    PortBindings: Record<string, FakePortBinding[]>;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    NetworkMode: string;
  };
  State: {
    Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    Dead: boolean;
    Pid: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
  };
  /** Published ports while running (`NetworkSettings.Ports`). */
  Ports: Record<string, FakePortBinding[]>;
  IPAddress: string;
}

/** Docker's "never happened" timestamp. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A 64-hex-digit container id. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

/** The `GET /containers/{id}/json` shape of a container. */
export function inspectOf(c: FakeContainer): object {
  const network = c.HostConfig.NetworkMode === 'default' ? 'bridge' : c.HostConfig.NetworkMode;
  return {
    Id: c.Id,
    Created: c.Created,
    Path: '/init',
    Args: [],
    State: { ...c.State },
    Image: `sha256:${Buffer.from(c.Image).toString('hex').padEnd(64, '0').slice(0, 64)}`,
    Name: `/${c.Name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    HostConfig: { ...c.HostConfig },
    Config: {
      Hostname: c.Id.slice(0, 12),
      Image: c.Image,
      Env: [...c.Env],
      Labels: { ...c.Labels },
      ExposedPorts: { ...c.ExposedPorts },
    },
    NetworkSettings: {
      Ports: c.State.Running ? structuredClone(c.Ports) : {},
      IPAddress: c.State.Running && network === 'bridge' ? c.IPAddress : '',
      Networks: {
        [network]: { IPAddress: c.State.Running ? c.IPAddress : '', GlobalIPv6Address: '' },
      },
    },
  };
}

/** The `GET /containers/json` shape of a container. */
export function summaryOf(c: FakeContainer): object {
  const ports = Object.entries(c.State.Running ? c.Ports : {}).flatMap(([key, bindings]) => {
    const [port, type] = key.split('/');
    return bindings.map((b) => ({
      IP: b.HostIp || '0.0.0.0',
      PrivatePort: Number(port),
      PublicPort: Number(b.HostPort),
      Type: type,
    }));
  });
  return {
    Id: c.Id,
    Names: [`/${c.Name}`],
    Image: c.Image,
    Command: '/init',
    Created: Math.floor(Date.parse(c.Created) / 1000),
    Ports: ports,
    Labels: { ...c.Labels },
    State: c.State.Status,
    Status: statusText(c),
    HostConfig: { NetworkMode: c.HostConfig.NetworkMode },
  };
}

function statusText(c: FakeContainer): string {
  if (c.State.Running) return 'Up Less than a second';
  if (c.State.Status === 'created') return 'Created';
  return `Exited (${c.State.ExitCode}) Less than a second ago`;
}

/** Whether a container matches every `label` filter (`key` or `key=value`). */
export function matchesLabels(c: FakeContainer, filters: readonly string[]): boolean {
  return filters.every((f) => {
    const eq = f.indexOf('=');
    if (eq < 0) return f in c.Labels;
    return c.Labels[f.slice(0, eq)] === f.slice(eq + 1);
  });
}
