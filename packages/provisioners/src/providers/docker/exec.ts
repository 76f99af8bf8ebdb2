import { isProvisionerError, ProvisionerError } from '../../errors';
import { pollUntil } from '../../poll';
import { ByteTail, ExecStreamDemuxer } from './exec-stream';
import type { DockerClient } from './socket-client';
import type { WireExecCreate, WireExecInspect, WireExecStart, WireIdResponse } from './wire';

/** Settings of {@link execInContainer}. */
export interface ExecOptions {
  readonly signal?: AbortSignal | undefined;
  /** Longest the command may run (the attached stream stays open), ms. */
  readonly timeoutMs: number;
  /** Output kept: the last this many bytes of stdout and stderr together. */
  readonly tailBytes: number;
  /** Wait between exit-code checks once the stream ended, ms. */
  readonly pollIntervalMs: number;
  /** Longest to wait for the exit code once the stream ended, ms. */
  readonly exitTimeoutMs: number;
}

/** How an exec ended: exited with a code, or still running when `timeoutMs` was up. */
export type ExecResult =
  | { readonly state: 'exited'; readonly exitCode: number; readonly output: string }
  | { readonly state: 'timed_out'; readonly output: string };

/**
 * Runs `cmd` in a running container through the Engine's exec endpoints and waits for it:
 * `POST /containers/{id}/exec` (stdout and stderr attached, no TTY, no stdin), then
 * `POST /exec/{id}/start` without detaching, whose answer is the multiplexed output stream,
 * open until the process ends, then `GET /exec/{id}/json` for the exit code.
 *
 * Runs as root (user `0`, which needs no `/etc/passwd` entry), as cloud-init runs recipes on
 * the other platforms. `output` is the tail of stdout and stderr together, in the order
 * written. After `timeoutMs` the result is `timed_out` with the output so far; the process
 * keeps running in the container (the Engine has no call to stop an exec). Other failures
 * throw ProvisionerErrors.
 */
export async function execInContainer(
  client: DockerClient,
  containerId: string,
  cmd: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const { signal } = options;
  const create: WireExecCreate = {
    Cmd: [...cmd],
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    User: '0',
  };
  // An exec instance does nothing until started, so creating one again after a lost answer
  // is harmless: the first is never started and the Engine discards it.
  const { Id: execId } = await client.request<WireIdResponse>({
    method: 'POST',
    path: `/containers/${encodeURIComponent(containerId)}/exec`,
    body: create,
    signal,
    idempotent: true,
  });
  const tail = new ByteTail(options.tailBytes);
  const demuxer = new ExecStreamDemuxer((_stream, payload) => tail.write(payload));
  const start: WireExecStart = { Detach: false, Tty: false };
  try {
    await client.rawStream(
      {
        method: 'POST',
        path: `/exec/${encodeURIComponent(execId)}/start`,
        body: start,
        signal,
        timeoutMs: options.timeoutMs,
      },
      (chunk) => demuxer.push(chunk),
    );
  } catch (error) {
    // Only the attached stream's own deadline means "still running"; anything else failed.
    if (isProvisionerError(error) && error.code === 'timeout')
      return { state: 'timed_out', output: tail.text() };
    throw error;
  }
  // Defensive: the Engine records the exit code before it closes the stream, but an Engine
  // (or a compatible one) that does it the other way round is waited for.
  const inspected = await pollUntil(
    async () => {
      const state = await client.request<WireExecInspect>({
        method: 'GET',
        path: `/exec/${encodeURIComponent(execId)}/json`,
        signal,
      });
      return state.Running ? undefined : state;
    },
    {
      what: `the exit code of exec ${execId.slice(0, 12)}`,
      intervalMs: options.pollIntervalMs,
      timeoutMs: options.exitTimeoutMs,
      signal,
    },
  );
  if (inspected.ExitCode === null) {
    // Never started (the container stopped in between): the Engine wrote why into the stream.
    throw new ProvisionerError(
      'conflict',
      `exec ${execId.slice(0, 12)} did not start: ${tail.text().trim().slice(0, 500) || 'no reason given'}`,
      { retryable: false },
    );
  }
  return { state: 'exited', exitCode: inspected.ExitCode, output: tail.text() };
}
