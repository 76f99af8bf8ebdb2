import { ProvisionerError } from '../../errors';
import type { ProvisionRequest } from '../../types';

/** A server size / plan as the cloud sells it. */
export interface SizeOption {
  readonly id: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly monthlyPrice: number;
  /** Whether it can be ordered in the wanted region right now. */
  readonly availableInRegion: boolean;
}

/**
 * The cheapest size that gives the request at least its cores, memory and disk. A request that no
 * size fits is `invalid_request` (no retry helps); one that only fits sizes sold out in the region
 * is `capacity_unavailable` (retryable).
 */
export function pickSize(
  options: readonly SizeOption[],
  request: Pick<ProvisionRequest, 'cpuCores' | 'memoryMiB' | 'diskGiB'>,
  where: string,
): SizeOption {
  const fitting = options
    .filter(
      (o) =>
        o.vcpus >= request.cpuCores &&
        o.memoryMiB >= request.memoryMiB &&
        o.diskGiB >= request.diskGiB,
    )
    .sort((a, b) => a.monthlyPrice - b.monthlyPrice || a.id.localeCompare(b.id));
  const wanted = `${request.cpuCores} vCPU, ${request.memoryMiB} MiB memory, ${request.diskGiB} GiB disk`;
  if (fitting.length === 0) {
    throw new ProvisionerError(
      'invalid_request',
      `no size has at least ${wanted}; set an explicit size in the config`,
    );
  }
  const available = fitting.find((o) => o.availableInRegion);
  if (available === undefined) {
    throw new ProvisionerError(
      'capacity_unavailable',
      `no size with at least ${wanted} is available in ${where} now (fitting sizes: ${fitting
        .slice(0, 5)
        .map((o) => o.id)
        .join(', ')})`,
    );
  }
  return available;
}
