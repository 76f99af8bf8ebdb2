import { afterEach, describe, expect, it } from 'vitest';
import { createDockerProvisioner } from '../../src/providers/docker';
import {
  RECIPE_LOG_PATH,
  RECIPE_SCRIPT_PATH,
  RECIPE_STATUS_PATH,
  RECIPE_WRAPPER,
} from '../../src/providers/docker/recipe';
import { FakeDockerEngine } from '../../src/testing/fakes/docker';
import { InstanceSchema } from '../../src/types';
import { FAST, recordingLogger, request } from './helpers';

let engine: FakeDockerEngine;
afterEach(() => engine?.close());

async function setup(
  options: ConstructorParameters<typeof FakeDockerEngine>[0] = {},
  config: object = {},
) {
  engine = new FakeDockerEngine({
    images: ['lscr.io/linuxserver/openssh-server:latest'],
    ...options,
  });
  const socketPath = await engine.start();
  const logger = recordingLogger();
  const make = () =>
    createDockerProvisioner(
      { socketPath, publicIpv4: '203.0.113.10', ...config },
      { ...FAST, logger },
    );
  return { provisioner: make(), make, logger };
}

/** Engine calls of one kind, from the fake's request log. */
function calls(method: string, pattern: RegExp): number {
  return engine.server.log.filter((l) => l.method === method && pattern.test(l.path)).length;
}
const archivePuts = () => calls('PUT', /\/archive$/);

const SCRIPT = [
  '#!/bin/sh',
  'set -e',
  `echo "it's \${HOME:-none} and \`date\`" > /etc/motd`,
  "printf '%s\\n' 'naïve → ok' \"$(id -u)\"",
  '',
].join('\n');

describe('docker provisioner: recipes', () => {
  it('puts the script in as a 0700 file, runs it once and reports exit code and output', async () => {
    const { provisioner } = await setup();
    const seen: string[] = [];
    engine.recipeBehaviour = (script) => {
      seen.push(script);
      return { exitCode: 0, stdout: 'installing\ndone\n' };
    };
    const instance = await provisioner.provision(request({ script: SCRIPT }));
    expect(InstanceSchema.parse(instance).recipe).toEqual({
      status: 'succeeded',
      exitCode: 0,
      logTail: 'installing\ndone\n',
    });
    // Byte for byte, quotes, `$`, backticks and non-ASCII included: no shell saw the script.
    expect(seen).toEqual([SCRIPT]);
    const file = engine.readFile(instance.externalId, RECIPE_SCRIPT_PATH);
    expect(file?.content.toString('utf8')).toBe(SCRIPT);
    expect(file?.mode).toBe(0o700);
    const [exec] = engine.execs(instance.externalId);
    expect(exec?.Cmd).toEqual(['/bin/sh', '-c', RECIPE_WRAPPER]);
    expect(exec).toMatchObject({ AttachStdout: true, AttachStderr: true, Tty: false, User: '0' });
    expect(exec?.ExitCode).toBe(0);
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
    expect(engine.readFile(instance.externalId, RECIPE_LOG_PATH)?.content.toString()).toBe(
      'installing\ndone\n',
    );
  });

  it('reports a failing recipe as failed with its exit code and the tail of its stderr', async () => {
    const { provisioner, logger } = await setup();
    engine.recipeBehaviour = () => ({
      exitCode: 3,
      stdout: 'step 1 ok\n',
      stderr: 'E: Unable to locate package nginx-full\n',
    });
    const instance = await provisioner.provision(request({ script: 'apt-get install nginx-full' }));
    expect(instance.status).toBe('running');
    expect(instance.recipe).toEqual({
      status: 'failed',
      exitCode: 3,
      logTail: 'step 1 ok\nE: Unable to locate package nginx-full\n',
    });
    const warning = logger.lines.find((l) => l.msg === 'docker recipe ended');
    expect(warning).toMatchObject({ level: 'warn', obj: { status: 'failed', exitCode: 3 } });
    // The output may hold secrets: it is reported, never logged.
    expect(logger.text()).not.toContain('Unable to locate');
  });

  it('keeps only the last 4 KiB of a long output, cut on a character boundary', async () => {
    const { provisioner } = await setup();
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ✓ ${'x'.repeat(20)}\n`);
    engine.recipeBehaviour = () => ({ exitCode: 0, stdout: `FIRST\n${lines.join('')}LAST\n` });
    const { recipe } = await provisioner.provision(request({ script: 'make' }));
    const tail = recipe?.logTail ?? '';
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(tail)).toBeGreaterThan(4090);
    expect(tail.endsWith('line 399 ✓ xxxxxxxxxxxxxxxxxxxx\nLAST\n')).toBe(true);
    expect(tail).not.toContain('FIRST');
    expect(tail).not.toContain('\uFFFD');
  });

  it('without a recipe reports not_run and runs nothing in the container', async () => {
    const { provisioner } = await setup();
    const instance = await provisioner.provision(request());
    expect(instance.recipe).toEqual({ status: 'not_run' });
    expect(engine.execs(instance.externalId)).toHaveLength(0);
    expect((await provisioner.getInstance(instance.externalId))?.recipe).toEqual({
      status: 'not_run',
    });
    expect(engine.execs(instance.externalId).map((e) => e.Cmd)).toEqual([
      ['cat', RECIPE_STATUS_PATH],
    ]);
  });

  it('reports a recipe that outlasts recipeTimeoutMs as failed, then how it ended', async () => {
    const { provisioner } = await setup({}, { recipeTimeoutMs: 150 });
    engine.recipeBehaviour = () => ({ exitCode: 0, stdout: 'slow but fine\n', durationMs: 1000 });
    const instance = await provisioner.provision(request({ script: 'sleep 1' }));
    expect(instance.recipe).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/did not finish within 150 ms \(recipeTimeoutMs\)/),
    });
    expect(instance.recipe?.exitCode).toBeUndefined();
    expect((await provisioner.getInstance(instance.externalId))?.recipe).toEqual({
      status: 'pending',
    });
    let later = await provisioner.getInstance(instance.externalId);
    for (let i = 0; i < 100 && later?.recipe?.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      later = await provisioner.getInstance(instance.externalId);
    }
    expect(later?.recipe).toEqual({
      status: 'succeeded',
      exitCode: 0,
      logTail: 'slow but fine\n',
    });
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
  });

  it('honours an abort while the recipe runs, and the retry waits for that run', async () => {
    const { provisioner } = await setup();
    const controller = new AbortController();
    // Abort exactly while the recipe runs (not after a wall-clock delay, which a loaded machine
    // could reach before the script is even uploaded).
    engine.recipeBehaviour = () => {
      controller.abort();
      return { exitCode: 0, stdout: 'ok\n', durationMs: 1000 };
    };
    const req = request({ script: 'long-setup' });
    await expect(provisioner.provision(req, { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
    const instance = await provisioner.provision(req);
    expect(instance.recipe).toEqual({ status: 'succeeded', exitCode: 0, logTail: 'ok\n' });
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
    // The retry found the run claimed: it neither put the script in again nor ran it.
    expect(archivePuts()).toBe(1);
  });
});

describe('docker provisioner: recipes and adoption', () => {
  it('never runs the recipe twice when a later provision adopts the container', async () => {
    const { provisioner, make } = await setup();
    engine.recipeBehaviour = () => ({ exitCode: 3, stderr: 'boom\n' });
    const req = request({ script: 'exit 3' });
    const first = await provisioner.provision(req);
    // A restarted agent: nothing in memory, only what the container says.
    const second = await make().provision(req);
    expect(second.externalId).toBe(first.externalId);
    expect(second.recipe).toEqual(first.recipe);
    expect(second.recipe).toEqual({ status: 'failed', exitCode: 3, logTail: 'boom\n' });
    expect(engine.recipeRuns(first.externalId)).toBe(1);
    expect(engine.execs(first.externalId).map((e) => e.Cmd[0])).toEqual(['/bin/sh', 'cat']);
    expect(archivePuts()).toBe(1);
  });

  it('after a crash between create and answer, the retry starts the container and runs the recipe once', async () => {
    const { provisioner } = await setup();
    engine.server.faults.crashAfterCreateNext = 1;
    const req = request({ script: 'echo hi' });
    await expect(provisioner.provision(req)).rejects.toMatchObject({ retryable: true });
    expect(engine.containers()).toHaveLength(1);
    const instance = await provisioner.provision(req);
    expect(instance.recipe).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
    await provisioner.provision(req);
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
  });

  it('runs the recipe once when two provisions of one contract race', async () => {
    const { provisioner } = await setup();
    engine.recipeBehaviour = () => ({ exitCode: 0, stdout: 'once\n', durationMs: 50 });
    const req = request({ script: 'echo once' });
    const [a, b] = await Promise.all([provisioner.provision(req), provisioner.provision(req)]);
    expect(a.externalId).toBe(b.externalId);
    expect(a.recipe).toEqual({ status: 'succeeded', exitCode: 0, logTail: 'once\n' });
    expect(b.recipe).toEqual(a.recipe);
    expect(engine.recipeRuns(a.externalId)).toBe(1);
  });

  it('getInstance reads the outcome back from the container, and says unknown while it is stopped', async () => {
    const { provisioner, make } = await setup();
    engine.recipeBehaviour = () => ({ exitCode: 0, stdout: 'configured\n' });
    const instance = await provisioner.provision(request({ script: 'configure' }));
    const read = await make().getInstance(instance.externalId);
    expect(read?.recipe).toEqual(instance.recipe);
    engine.stopOutOfBand(instance.externalId);
    expect((await provisioner.getInstance(instance.externalId))?.recipe).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/container is exited/),
    });
    expect(engine.recipeRuns(instance.externalId)).toBe(1);
  });
});
