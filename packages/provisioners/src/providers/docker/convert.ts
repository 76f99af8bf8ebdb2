import { CONTRACT_LABEL, MANAGED_LABEL } from '../../naming';
import type { Health, Instance, ManagedInstance, ProvisionRequest } from '../../types';
import type { DockerConfig } from './config';
import type {
  WireContainerCreate,
  WireContainerInspect,
  WireContainerState,
  WireContainerSummary,
  WirePortBinding,
} from './wire';

type Status = Instance['status'];

/** Label with the offering the container was made for (informational). */
export const OFFERING_LABEL = 'dc-offering';

/** The Docker image for a request: `images[request.image]`, else the configured image. */
export function imageFor(request: Pick<ProvisionRequest, 'image'>, config: DockerConfig): string {
  return config.images?.[request.image] ?? config.image;
}

/**
 * The create body for a contract: labels for idempotency, the renter's keys in the image's
 * key variable (one per line, as `authorized_keys` wants them), CPU and memory limits, SSH
 * published on an ephemeral host port (or one from the configured range, which Docker picks
 * from itself so two agents never race for a port), restarted unless stopped on purpose.
 */
export function createBody(request: ProvisionRequest, config: DockerConfig): WireContainerCreate {
  const sshPort = `${config.containerSshPort}/tcp`;
  const memory = request.memoryMiB * 1024 * 1024;
  const hostPort = config.sshPortRange
    ? `${config.sshPortRange.from}-${config.sshPortRange.to}`
    : '';
  const env = [
    ...Object.entries(config.env).map(([k, v]) => `${k}=${v}`),
    `${config.sshKeysEnv}=${request.sshPublicKeys.join('\n')}`,
  ];
  return {
    Image: imageFor(request, config),
    Hostname: request.contractId
      .slice(0, 12)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-'),
    Env: env,
    Labels: {
      [CONTRACT_LABEL]: request.contractId,
      [MANAGED_LABEL]: 'true',
      [OFFERING_LABEL]: request.offeringId,
    },
    ExposedPorts: { [sshPort]: {} },
    HostConfig: {
      NanoCpus: request.cpuCores * 1e9,
      Memory: memory,
      // Equal to Memory: no swap on top of the memory the renter pays for.
      MemorySwap: memory,
      PortBindings: { [sshPort]: [{ HostIp: config.bindAddress ?? '', HostPort: hostPort }] },
      RestartPolicy: { Name: 'unless-stopped' },
      ...(config.network !== undefined ? { NetworkMode: config.network } : {}),
      ...(config.limitDisk ? { StorageOpt: { size: `${request.diskGiB}G` } } : {}),
    },
  };
}

/** Where a container is in its life, in the provisioner's terms. */
export function statusOf(state: WireContainerState['Status']): Status {
  switch (state) {
    case 'running':
      return 'running';
    case 'created':
    case 'restarting':
      return 'creating';
    case 'paused':
    case 'exited':
    case 'dead':
      return 'stopped';
    default:
      return 'unknown';
  }
}

const ANY_ADDRESS = new Set(['', '0.0.0.0', '::']);

function publishedBinding(
  c: WireContainerInspect,
  config: DockerConfig,
): WirePortBinding | undefined {
  const key = `${config.containerSshPort}/tcp`;
  const live = c.NetworkSettings.Ports?.[key] ?? [];
  // Docker lists the IPv4 and the IPv6 binding of one port; prefer the IPv4 one.
  return (
    live.find((b) => !b.HostIp?.includes(':')) ?? live[0] ?? c.HostConfig?.PortBindings?.[key]?.[0]
  );
}

/** The container as an Instance: host address and published SSH port, as renters reach it. */
export function toInstance(c: WireContainerInspect, config: DockerConfig): Instance {
  const binding = publishedBinding(c, config);
  const hostPort = Number.parseInt(binding?.HostPort ?? '', 10);
  const boundTo =
    binding?.HostIp !== undefined &&
    !ANY_ADDRESS.has(binding.HostIp) &&
    !binding.HostIp.includes(':')
      ? binding.HostIp
      : undefined;
  const networks = Object.values(c.NetworkSettings.Networks ?? {});
  const containerIp =
    c.NetworkSettings.IPAddress || networks.find((n) => n.IPAddress)?.IPAddress || null;
  const reachedDirectly = config.publicIpv4 === undefined && boundTo === undefined;
  return {
    externalId: c.Id,
    provisioner: 'docker',
    contractId: c.Config.Labels?.[CONTRACT_LABEL] ?? '',
    status: statusOf(c.State.Status),
    ipv4: config.publicIpv4 ?? boundTo ?? containerIp,
    ipv6: config.publicIpv6 ?? null,
    // Reached on the container's own address, SSH is on the container port; through the host,
    // on the published one (unknown while stopped: Docker publishes at start).
    sshPort:
      !reachedDirectly && Number.isInteger(hostPort) && hostPort > 0
        ? hostPort
        : config.containerSshPort,
  };
}

/** What `health` says about a container, from its `State`. */
export function healthOf(state: WireContainerState, now: number): Health {
  if (state.Running && !state.Paused && !state.Restarting) {
    if (state.Health?.Status === 'unhealthy')
      return { state: 'unhealthy', reason: 'the image health check fails' };
    const started = Date.parse(state.StartedAt);
    return {
      state: 'healthy',
      uptimeSeconds: Number.isNaN(started) ? null : Math.max(0, Math.floor((now - started) / 1000)),
    };
  }
  if (state.Paused) return { state: 'unhealthy', reason: 'container is paused' };
  if (state.Restarting)
    return {
      state: 'unhealthy',
      reason: `container keeps restarting (last exit code ${state.ExitCode})`,
    };
  if (state.Status === 'created')
    return { state: 'unhealthy', reason: 'container was created but never started' };
  const why = state.OOMKilled
    ? ', killed for running out of memory'
    : state.Error
      ? `: ${state.Error}`
      : '';
  return {
    state: 'unhealthy',
    reason: `container ${state.Status} with exit code ${state.ExitCode} at ${state.FinishedAt}${why}`,
  };
}

/** A listed container as a ManagedInstance, or `undefined` when it carries no contract id. */
export function toManaged(c: WireContainerSummary): ManagedInstance | undefined {
  const contractId = c.Labels?.[CONTRACT_LABEL];
  if (contractId === undefined || contractId === '' || c.Labels?.[MANAGED_LABEL] !== 'true')
    return undefined;
  return { externalId: c.Id, provisioner: 'docker', contractId, status: statusOf(c.State) };
}

/** Whether a container was made by Decent Cloud (it carries our managed label). */
export function isManaged(c: Pick<WireContainerInspect, 'Config'>): boolean {
  return c.Config.Labels?.[MANAGED_LABEL] === 'true';
}
