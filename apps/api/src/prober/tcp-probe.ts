import { Socket } from 'node:net';
import type { ProbeTarget } from './address';

/** What one TCP connect found. */
export interface TcpProbeResult {
  readonly reachable: boolean;
  /** Time to the established connection (or to the failure), whole milliseconds. */
  readonly latencyMs: number;
  /** Why it failed: the socket error code (ECONNREFUSED, EHOSTUNREACH, ...) or `timeout`. */
  readonly error: string | null;
}

/**
 * Opens a TCP connection to `target` and closes it at once: the port accepting a connection is
 * what "up" means for an SSH server (no bytes are sent, no credentials used). Never rejects.
 */
export function tcpProbe(target: ProbeTarget, timeoutMs: number): Promise<TcpProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (reachable: boolean, error: string | null) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ reachable, latencyMs: Math.round(performance.now() - started), error });
    };
    socket.setTimeout(timeoutMs, () => finish(false, 'timeout'));
    socket.once('connect', () => finish(true, null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? 'error'));
    socket.connect({ host: target.host, port: target.port });
  });
}
