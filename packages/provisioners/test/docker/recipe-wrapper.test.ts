import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECIPE_WRAPPER } from '../../src/providers/docker/recipe';
import { tarFile } from '../../src/providers/docker/tar';
import { readTar } from '../../src/testing/fakes/docker/tar';

const run = promisify(execFile);

// The wrapper with its container paths moved under a temp dir, so the real shell program can
// run here: the fake Engine only emulates it.
let root: string;
let wrapper: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dc-recipe-'));
  wrapper = RECIPE_WRAPPER.replaceAll('/var/lib/dc', `${root}/lib`).replaceAll(
    '/var/log',
    `${root}/log`,
  );
  await mkdir(`${root}/lib`, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function putScript(text: string): Promise<void> {
  await writeFile(`${root}/lib/recipe.sh`, text);
  await chmod(`${root}/lib/recipe.sh`, 0o700);
}

async function sh(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('/bin/sh', ['-c', wrapper]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('docker recipe wrapper (real /bin/sh)', () => {
  it('runs the recipe, records code and tail, prints the tail and exits with the code', async () => {
    await putScript(`#!/bin/sh\necho "run $$" >> ${root}/runs\necho out\necho err >&2\nexit 3\n`);
    expect(await sh()).toEqual({ code: 3, stdout: 'out\nerr\n', stderr: '' });
    expect(await readFile(`${root}/lib/recipe.status`, 'utf8')).toBe('3\nout\nerr\n');
    expect(await readFile(`${root}/log/dc-recipe.log`, 'utf8')).toBe('out\nerr\n');
    // A second run reports the first one's outcome without running the script again.
    expect(await sh()).toEqual({ code: 3, stdout: 'out\nerr\n', stderr: '' });
    expect((await readFile(`${root}/runs`, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('keeps the last 4096 bytes of the output', async () => {
    await putScript(`#!/bin/sh\necho FIRST\nseq 1 3000\n`);
    const { code, stdout } = await sh();
    expect(code).toBe(0);
    expect(Buffer.byteLength(stdout)).toBe(4096);
    expect(stdout.endsWith('2999\n3000\n')).toBe(true);
  });

  it('makes a concurrent second run wait for the first', async () => {
    await putScript(`#!/bin/sh\necho run >> ${root}/runs\nsleep 1\necho slow\n`);
    const [a, b] = await Promise.all([sh(), new Promise((r) => setTimeout(r, 200)).then(sh)]);
    expect(a).toEqual({ code: 0, stdout: 'slow\n', stderr: '' });
    expect(b).toEqual(a);
    expect(await readFile(`${root}/runs`, 'utf8')).toBe('run\n');
  });
});

describe('docker recipe archive', () => {
  it('is a tar that GNU tar and the fake Engine unpack to the exact bytes, mode 0700', async () => {
    const script = '#!/bin/sh\necho \'naïve "$HOME" `x`\'\n';
    const archive = tarFile({
      name: 'var/lib/dc/recipe.sh',
      content: Buffer.from(script),
      mode: 0o700,
    });
    expect(archive.length % 512).toBe(0);
    await writeFile(`${root}/a.tar`, archive);
    await mkdir(`${root}/out`);
    await run('tar', ['-xf', `${root}/a.tar`, '-C', `${root}/out`]);
    expect(await readFile(`${root}/out/var/lib/dc/recipe.sh`, 'utf8')).toBe(script);
    const { stdout } = await run('tar', ['-tvf', `${root}/a.tar`]);
    expect(stdout).toMatch(/^-rwx------ root\/root\s+\d+ .* var\/lib\/dc\/recipe\.sh$/m);
    expect(readTar(archive)).toEqual([
      { name: 'var/lib/dc/recipe.sh', type: 'file', mode: 0o700, content: Buffer.from(script) },
    ]);
    const corrupt = Buffer.from(archive);
    corrupt[0] = 0x41;
    expect(() => readTar(corrupt)).toThrow(/invalid tar header/);
  });
});
