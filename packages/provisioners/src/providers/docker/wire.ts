/**
 * The Docker Engine API's JSON shapes (API 1.41-1.47), as far as this provisioner reads or
 * writes them. The Engine adds fields freely, so every shape is open.
 */

/** One published port binding (`HostConfig.PortBindings`, `NetworkSettings.Ports`). */
export interface WirePortBinding {
  HostIp?: string;
  HostPort?: string;
}

/** Body of `POST /containers/create`. */
export interface WireContainerCreate {
  Image: string;
  Hostname?: string;
  Env?: string[];
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig?: {
    NanoCpus?: number;
    Memory?: number;
    MemorySwap?: number;
    PortBindings?: Record<string, WirePortBinding[]>;
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
    NetworkMode?: string;
    StorageOpt?: Record<string, string>;
  };
}

/** Answer of `POST /containers/create` (201). */
export interface WireContainerCreated {
  Id: string;
  Warnings: string[] | null;
}

/** `State` of `GET /containers/{id}/json`. */
export interface WireContainerState {
  Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled?: boolean;
  Dead?: boolean;
  Pid?: number;
  ExitCode: number;
  Error?: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: { Status: 'none' | 'starting' | 'healthy' | 'unhealthy' };
}

/** Answer of `GET /containers/{id}/json`. */
export interface WireContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  State: WireContainerState;
  Config: { Image: string; Labels: Record<string, string> | null; Env?: string[] | null };
  HostConfig?: { PortBindings?: Record<string, WirePortBinding[] | null> | null };
  NetworkSettings: {
    IPAddress?: string;
    Ports?: Record<string, WirePortBinding[] | null> | null;
    Networks?: Record<string, { IPAddress?: string; GlobalIPv6Address?: string }> | null;
  };
}

/** One entry of `GET /containers/json`. */
export interface WireContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  Labels: Record<string, string> | null;
  State: WireContainerState['Status'];
  Status: string;
}

/** Answer of `GET /version`. */
export interface WireVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
}

/** One JSON line of the `POST /images/create` (pull) stream. */
export interface WirePullLine {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

/** Body of `POST /containers/{id}/exec`. */
export interface WireExecCreate {
  Cmd: string[];
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  User?: string;
  WorkingDir?: string;
  Env?: string[];
}

/** Answer of `POST /containers/{id}/exec` (201). */
export interface WireIdResponse {
  Id: string;
}

/** Body of `POST /exec/{id}/start`. */
export interface WireExecStart {
  Detach?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
}

/** Answer of `GET /exec/{id}/json`. `ExitCode` is `null` until the process has exited. */
export interface WireExecInspect {
  ID: string;
  ContainerID: string;
  Running: boolean;
  ExitCode: number | null;
  Pid?: number;
  OpenStdin?: boolean;
  OpenStdout?: boolean;
  OpenStderr?: boolean;
  CanRemove?: boolean;
  DetachKeys?: string;
  ProcessConfig?: {
    entrypoint: string;
    arguments: string[];
    privileged: boolean;
    tty: boolean;
    user?: string;
  };
}

/** The error body of every failed Engine call. */
export interface WireError {
  message: string;
}
