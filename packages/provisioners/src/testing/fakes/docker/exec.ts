import { randomBytes } from 'node:crypto';
import {
  RECIPE_LOG_PATH,
  RECIPE_SCRIPT_PATH,
  RECIPE_STATUS_PATH,
  RECIPE_TAIL_BYTES,
  RECIPE_WRAPPER,
} from '../../../providers/docker/recipe';
import { type FakeResponse, json } from '../../fake-server';
import { FakeFiles } from './files';
import type { FakeContainer } from './state';

/** What one recipe run does in the fake: exit code, output, how long it takes. */
export interface FakeRecipeRun {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** How long the recipe runs, ms (default 0). */
  readonly durationMs?: number;
}

/** How the fake "runs" a recipe: from the script's text to what the run does. */
export type FakeRecipeBehaviour = (
  script: string,
  container: FakeContainer,
) => FakeRecipeRun | Promise<FakeRecipeRun>;

/** The default recipe behaviour: exits 0 after printing one line. */
export const defaultRecipeBehaviour: FakeRecipeBehaviour = (script) => ({
  exitCode: 0,
  stdout: `recipe ran (${Buffer.byteLength(script)} bytes)\n`,
});

/** One exec instance, in the shape of `GET /exec/{id}/json` plus what the fake tracks. */
export interface FakeExec {
  readonly Id: string;
  readonly ContainerID: string;
  readonly Cmd: readonly string[];
  readonly User: string;
  readonly Tty: boolean;
  readonly AttachStdin: boolean;
  readonly AttachStdout: boolean;
  readonly AttachStderr: boolean;
  Started: boolean;
  Running: boolean;
  /** `null` until the process exited, as the Engine reports it. */
  ExitCode: number | null;
  Pid: number;
}

/** How the fake answers `POST /exec/{id}/start`. */
export type FakeExecStartAnswer =
  | { readonly kind: 'error'; readonly status: number; readonly body: object }
  | { readonly kind: 'detached' }
  /** The attached output: `run` writes it (framed unless TTY) and resolves when it ended. */
  | { readonly kind: 'stream'; readonly run: (write: (chunk: Buffer) => void) => Promise<void> };

const STDOUT = 1;
const STDERR = 2;
// The Engine writes one frame per read from the process's pipes; small frames here make the
// client reassemble output across frames and chunks.
const FRAME_PAYLOAD = 1024;
const BOOL_FIELDS = ['AttachStdin', 'AttachStdout', 'AttachStderr', 'Tty', 'Privileged'];

type Out = (stream: number, data: Buffer | string) => void;

const message = (status: number, text: string): FakeResponse => json(status, { message: text });

/** One frame of the Engine's multiplexed stream: stream number, 3 zero bytes, size, payload. */
export function execFrame(stream: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    // Unref'd: a recipe still "running" when a test ends does not keep the process alive.
    setTimeout(resolve, ms).unref();
  });

/**
 * Exec instances of the fake Engine and the programs they can run. The fake interprets no
 * shell: it runs `cat` over the files it knows, and the docker provisioner's recipe wrapper
 * (matched by its exact text) with the wrapper's contract: claim the marker, run the recipe
 * through the test's {@link FakeRecipeBehaviour}, write the log and the marker, print the tail
 * and exit with the recipe's code; a second run waits for the first. A recipe in a container
 * that stops meanwhile is killed (exit 137) and leaves the marker at `running`.
 */
export class FakeExecRuntime {
  /** How a recipe runs; tests replace it. */
  behaviour: FakeRecipeBehaviour;
  readonly #resolve: (ref: string) => FakeContainer | undefined;
  readonly #execs = new Map<string, FakeExec>();
  readonly #files = new Map<string, FakeFiles>();
  readonly #recipeRuns = new Map<string, number>();
  #closed = false;

  constructor(
    resolve: (ref: string) => FakeContainer | undefined,
    behaviour: FakeRecipeBehaviour = defaultRecipeBehaviour,
  ) {
    this.#resolve = resolve;
    this.behaviour = behaviour;
  }

  /** The files of a container (made on first use). */
  files(containerId: string): FakeFiles {
    let files = this.#files.get(containerId);
    if (files === undefined) {
      files = new FakeFiles();
      this.#files.set(containerId, files);
    }
    return files;
  }

  /** Exec instances, of one container or all, in creation order. */
  execs(containerId?: string): FakeExec[] {
    return [...this.#execs.values()].filter(
      (e) => containerId === undefined || e.ContainerID === containerId,
    );
  }

  /** How many times a recipe was run (the behaviour called) in a container. */
  recipeRuns(containerId: string): number {
    return this.#recipeRuns.get(containerId) ?? 0;
  }

  /** Stops waiting loops when the fake closes. */
  close(): void {
    this.#closed = true;
  }

  /** `POST /containers/{id}/exec`. */
  create(ref: string, body: unknown): FakeResponse {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b !== 'object' || Array.isArray(b))
      return message(
        400,
        'json: cannot unmarshal array into Go value of type container.ExecOptions',
      );
    const cmd = b['Cmd'];
    if (cmd !== undefined && cmd !== null && !Array.isArray(cmd))
      return message(
        400,
        `json: cannot unmarshal ${typeof cmd} into Go struct field ExecOptions.Cmd of type []string`,
      );
    if (!Array.isArray(cmd) || cmd.length === 0) return message(400, 'No exec command specified');
    if (cmd.some((a) => typeof a !== 'string'))
      return message(
        400,
        'json: cannot unmarshal number into Go struct field ExecOptions.Cmd of type string',
      );
    for (const key of BOOL_FIELDS) {
      if (b[key] !== undefined && typeof b[key] !== 'boolean')
        return message(
          400,
          `json: cannot unmarshal ${typeof b[key]} into Go struct field ExecOptions.${key} of type bool`,
        );
    }
    const c = this.#resolve(ref);
    if (c === undefined) return message(404, `No such container: ${ref}`);
    if (c.State.Paused)
      return message(409, `Container ${c.Id} is paused, unpause the container before exec`);
    if (c.State.Restarting)
      return message(409, `Container ${c.Id} is restarting, wait until the container is running`);
    if (!c.State.Running) return message(409, `Container ${c.Id} is not running`);
    const exec: FakeExec = {
      Id: randomBytes(32).toString('hex'),
      ContainerID: c.Id,
      Cmd: cmd as string[],
      User: typeof b['User'] === 'string' ? b['User'] : '',
      Tty: b['Tty'] === true,
      AttachStdin: b['AttachStdin'] === true,
      AttachStdout: b['AttachStdout'] === true,
      AttachStderr: b['AttachStderr'] === true,
      Started: false,
      Running: false,
      ExitCode: null,
      Pid: 0,
    };
    this.#execs.set(exec.Id, exec);
    return json(201, { Id: exec.Id });
  }

  /** `GET /exec/{id}/json`. */
  inspect(id: string): FakeResponse {
    const e = this.#execs.get(id);
    if (e === undefined) return message(404, `No such exec instance: ${id}`);
    return json(200, {
      CanRemove: false,
      ContainerID: e.ContainerID,
      DetachKeys: '',
      ExitCode: e.ExitCode,
      ID: e.Id,
      OpenStderr: e.AttachStderr,
      OpenStdin: e.AttachStdin,
      OpenStdout: e.AttachStdout,
      ProcessConfig: {
        arguments: e.Cmd.slice(1),
        entrypoint: e.Cmd[0],
        privileged: false,
        tty: e.Tty,
        user: e.User,
      },
      Running: e.Running,
      Pid: e.Pid,
    });
  }

  /**
   * `POST /exec/{id}/start`. As in the Engine, only an unknown exec is refused with an HTTP
   * error when attached; a refusal found after the connection was taken over (already run,
   * container stopped) is written into the stream, and the exec keeps `ExitCode: null`.
   */
  start(id: string, body: unknown): FakeExecStartAnswer {
    const exec = this.#execs.get(id);
    if (exec === undefined)
      return { kind: 'error', status: 404, body: { message: `No such exec instance: ${id}` } };
    const options = (body ?? {}) as { Detach?: unknown; Tty?: unknown };
    const refusal = this.#refusal(exec);
    const container = this.#resolve(exec.ContainerID);
    if (refusal === undefined && container !== undefined) {
      exec.Started = true;
      exec.Running = true;
      exec.Pid = 2000 + Math.floor(Math.random() * 30000);
    }
    const execute = async (out: Out) => {
      if (refusal !== undefined || container === undefined) {
        out(STDOUT, `${refusal ?? `No such container: ${exec.ContainerID}`}\r\n`);
        return;
      }
      const code = await this.#program(exec, container, out);
      // Recorded before the stream closes, as the Engine does.
      exec.Running = false;
      exec.ExitCode = code;
    };
    if (options.Detach === true) {
      if (refusal !== undefined) return { kind: 'error', status: 409, body: { message: refusal } };
      void execute(() => undefined);
      return { kind: 'detached' };
    }
    // Framing follows the start request's Tty, as in the Engine.
    const tty = options.Tty === true;
    return {
      kind: 'stream',
      run: (write) =>
        execute((stream, data) => {
          const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
          for (let at = 0; at < bytes.length; at += FRAME_PAYLOAD) {
            const part = bytes.subarray(at, at + FRAME_PAYLOAD);
            write(tty ? part : execFrame(stream, part));
          }
        }),
    };
  }

  #refusal(exec: FakeExec): string | undefined {
    if (exec.Running) return `Error: Exec command ${exec.Id} is already running`;
    if (exec.ExitCode !== null || exec.Started)
      return `Error: Exec command ${exec.Id} has already run`;
    const c = this.#resolve(exec.ContainerID);
    if (c !== undefined && !c.State.Running) return `container ${c.Id} is not running`;
    return undefined;
  }

  async #program(exec: FakeExec, c: FakeContainer, out: Out): Promise<number> {
    const [file = '', ...args] = exec.Cmd;
    if (/^(\/bin\/)?sh$/.test(file)) {
      if (args[0] === '-c' && args[1] === RECIPE_WRAPPER) return this.#recipe(c, out);
      out(STDERR, 'fake docker: this fake runs no shell program but the recipe wrapper\n');
      return 2;
    }
    if (/^(\/bin\/)?cat$/.test(file)) return this.#cat(c, args, out);
    out(
      STDOUT,
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${file}": executable file not found in $PATH: unknown\r\n`,
    );
    return 127;
  }

  #cat(c: FakeContainer, paths: readonly string[], out: Out): number {
    const files = this.files(c.Id);
    let code = 0;
    for (const path of paths) {
      const file = files.read(path);
      if (file !== undefined) {
        out(STDOUT, file.content);
      } else if (files.isDir(path)) {
        out(STDERR, 'cat: read error: Is a directory\n');
        code = 1;
      } else {
        out(STDERR, `cat: ${path}: No such file or directory\n`);
        code = 1;
      }
    }
    return code;
  }

  async #recipe(c: FakeContainer, out: Out): Promise<number> {
    const files = this.files(c.Id);
    const startedAt = c.State.StartedAt;
    const alive = () => !this.#closed && c.State.Running && c.State.StartedAt === startedAt;
    const marker = () => files.read(RECIPE_STATUS_PATH)?.content;
    const firstLine = () => marker()?.toString('utf8').split('\n')[0];
    if (marker() === undefined) {
      files.write(RECIPE_STATUS_PATH, 'running\n');
      const script = files.read(RECIPE_SCRIPT_PATH);
      let run: FakeRecipeRun;
      if (script === undefined) {
        run = { exitCode: 127, stderr: `/bin/sh: 5: ${RECIPE_SCRIPT_PATH}: not found\n` };
      } else {
        this.#recipeRuns.set(c.Id, this.recipeRuns(c.Id) + 1);
        run = await this.behaviour(script.content.toString('utf8'), c);
      }
      await delay(run.durationMs ?? 0);
      if (!alive()) return 137;
      const log = Buffer.concat([Buffer.from(run.stdout ?? ''), Buffer.from(run.stderr ?? '')]);
      files.write(RECIPE_LOG_PATH, log);
      const tail = log.subarray(Math.max(0, log.length - RECIPE_TAIL_BYTES));
      files.write(RECIPE_STATUS_PATH, Buffer.concat([Buffer.from(`${run.exitCode}\n`), tail]));
    } else {
      while (firstLine() === 'running') {
        if (!alive()) return 137;
        await delay(5);
      }
    }
    const content = marker() ?? Buffer.alloc(0);
    const newline = content.indexOf(0x0a);
    out(STDOUT, content.subarray(newline + 1));
    return Number(content.subarray(0, newline).toString('utf8'));
  }
}
