import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvisionerError, type ProvisionerError } from '../../src/errors';
import { createScriptProvisioner } from '../../src/providers/script';
import type { ProvisionRequest } from '../../src/types';
import { EXAMPLE_SCRIPT } from './target';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dc-script-unit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const KEYS = [
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5 one@test',
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHR3by1rZXk two@test',
];
const request = (contractId = 'contract-0001-aaaa'): ProvisionRequest => ({
  contractId,
  offeringId: 'off-1',
  cpuCores: 2,
  memoryMiB: 2048,
  diskGiB: 20,
  image: 'ubuntu-24.04',
  location: 'fra',
  sshPublicKeys: KEYS,
  config: { plan: 'gold' },
  script: '#!/bin/sh\necho hi',
});

/** A provisioner running `node -e <code>`: the code is the script. */
function nodeScript(code: string, config: Record<string, unknown> = {}) {
  return createScriptProvisioner({ command: [process.execPath, '-e', code], ...config });
}

async function failure(promise: Promise<unknown>): Promise<ProvisionerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProvisionerError(error))
    throw new Error(`expected a ProvisionerError, got ${String(error)}`);
  return error;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie waits only for its parent to reap it: it runs no more.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('script provisioner: the request', () => {
  it('goes to stdin as one snake_case JSON object, never argv, with a minimal environment', async () => {
    const out = join(dir, 'seen.json');
    const code = `
      let input = '';
      process.stdin.on('data', (c) => (input += c));
      process.stdin.on('end', () => {
        require('fs').writeFileSync(process.env.OUT, JSON.stringify({ input: JSON.parse(input), env: process.env, argv: process.argv }));
        console.log(JSON.stringify({ success: true, instance: { external_id: 'vm-1', ip_address: '10.0.0.5', public_ip: '198.51.100.7', ssh_port: 2201, root_password: 'pw-1234567' } }));
      });`;
    const provisioner = createScriptProvisioner(
      {
        command: [process.execPath, '-e', code],
        env: { OUT: out, PROVIDER_TOKEN: 'tok-provider-123456' },
      },
      {
        agentEnv: {
          PATH: process.env['PATH'],
          HOME: '/home/agent',
          DC_AGENT_SECRET: 'agent-secret-value',
        },
      },
    );
    const instance = await provisioner.provision(request());
    expect(instance).toEqual({
      externalId: 'vm-1',
      provisioner: 'script',
      contractId: 'contract-0001-aaaa',
      status: 'running',
      ipv4: '198.51.100.7',
      ipv6: null,
      sshPort: 2201,
      rootPassword: 'pw-1234567',
    });
    const seen = JSON.parse(await readFile(out, 'utf8')) as {
      input: object;
      env: Record<string, string>;
      argv: string[];
    };
    expect(seen.input).toEqual({
      protocol_version: 1,
      action: 'provision',
      contract_id: 'contract-0001-aaaa',
      offering_id: 'off-1',
      cpu_cores: 2,
      memory_mb: 2048,
      storage_gb: 20,
      requester_ssh_pubkey: KEYS.join('\n'),
      ssh_public_keys: KEYS,
      instance_config: { plan: 'gold' },
      image: 'ubuntu-24.04',
      location: 'fra',
      post_provision_script: '#!/bin/sh\necho hi',
    });
    expect(seen.env['PROVIDER_TOKEN']).toBe('tok-provider-123456');
    expect(seen.env['HOME']).toBe('/home/agent');
    expect(seen.env['DC_AGENT_SECRET']).toBeUndefined();
    expect(seen.argv.join(' ')).not.toContain('contract-0001-aaaa');
  });
});

describe('script provisioner: limits', () => {
  it('on timeout kills the whole process group, forked children included', async () => {
    const script = join(dir, 'forks.sh');
    await writeFile(
      script,
      '#!/bin/sh\nsleep 30 &\necho $! > "$PIDS/child"\necho $$ > "$PIDS/parent"\nsleep 30\n',
    );
    const provisioner = createScriptProvisioner({
      command: ['/bin/sh', script],
      env: { PIDS: dir },
      timeoutMs: 700,
    });
    const started = Date.now();
    const error = await failure(provisioner.terminate('vm-1'));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toMatch(/ran longer than 700 ms and was killed with its process group/);
    // Well under the script's own 30 s: it was killed, not waited for.
    expect(Date.now() - started).toBeLessThan(20_000);
    const parent = Number(await readFile(join(dir, 'parent'), 'utf8'));
    const child = Number(await readFile(join(dir, 'child'), 'utf8'));
    expect(await until(() => !alive(parent) && !alive(child))).toBe(true);
  });

  it('kills a script that floods stdout past the cap', async () => {
    const provisioner = nodeScript(
      "process.stdout.write('x'.repeat(3 * 1024 * 1024)); setTimeout(() => {}, 20000)",
      { maxStdoutBytes: 1024 * 1024 },
    );
    const error = await failure(provisioner.health('vm-1'));
    expect(error).toMatchObject({ code: 'script_error', retryable: false });
    expect(error.message).toMatch(/wrote more than 1048576 bytes to stdout and was killed/);
  });

  it('kills a script that floods stderr past the cap, showing the tail it kept', async () => {
    const provisioner = nodeScript(
      "process.stderr.write('log line\\n'.repeat(20000)); setTimeout(() => {}, 20000)",
      { maxStderrBytes: 4096 },
    );
    const error = await failure(provisioner.health('vm-1'));
    expect(error.message).toMatch(/more than 4096 bytes to stderr .*stderr: .*log line/s);
  });

  it('kills the script when the call is aborted', async () => {
    const provisioner = nodeScript('setTimeout(() => {}, 20000)');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(provisioner.health('vm-1', { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});

describe('script provisioner: replies', () => {
  const reply = (value: unknown, exit = 0) =>
    nodeScript(
      `process.stdout.write(${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))}); process.exitCode = ${exit};`,
    );

  it('shows the first 200 characters of stdout that is not JSON', async () => {
    const text = `Provisioning VM... done ${'y'.repeat(400)}`;
    const error = await failure(reply(text).provision(request()));
    expect(error).toMatchObject({ code: 'script_error', retryable: false });
    expect(error.message).toContain(
      `its stdout is not JSON (log to stderr, reply on stdout): ${JSON.stringify(text.slice(0, 200))}...`,
    );
    expect(error.message).not.toContain('y'.repeat(201));
  });

  it('names the field path of a malformed reply', async () => {
    const error = await failure(
      reply({ success: true, instance: { external_id: 'vm-1', ssh_port: '22' } }).provision(
        request(),
      ),
    );
    expect(error.message).toMatch(/its reply is malformed at instance\.ssh_port: .*number/);
    const health = await failure(
      reply({ success: true, health: { status: 'fine' } }).health('vm-1'),
    );
    expect(health.message).toMatch(/malformed at health\.status/);
  });

  it('rejects empty output, a non-object, and a success without the asked-for field', async () => {
    expect((await failure(reply('').terminate('vm-1'))).message).toMatch(/wrote nothing to stdout/);
    expect((await failure(reply([1]).terminate('vm-1'))).message).toMatch(
      /not one JSON object but an array/,
    );
    expect((await failure(reply({ success: true }).provision(request()))).message).toMatch(
      /replied success without "instance"/,
    );
    expect(
      (await failure(reply({ success: true }).resetPassword?.('vm-1') ?? Promise.resolve()))
        .message,
    ).toMatch(/without "password"/);
  });

  it('refuses an instance of another contract', async () => {
    const error = await failure(
      reply({
        success: true,
        instance: { external_id: 'vm-9', contract_id: 'someone-else' },
      }).provision(request()),
    );
    expect(error.message).toMatch(/replied an instance of contract someone-else/);
  });

  it('honours retry_possible of a failure, defaulting to no retry when the script said why', async () => {
    expect(
      await failure(
        reply({ success: false, error: 'no capacity in fra', retry_possible: true }).provision(
          request(),
        ),
      ),
    ).toMatchObject({
      code: 'script_error',
      retryable: true,
      message: expect.stringMatching(
        /script provision for contract contract-0001-aaaa failed: no capacity in fra/,
      ),
    });
    expect(
      (await failure(reply({ success: false, error: 'bad image' }).provision(request()))).retryable,
    ).toBe(false);
    expect(
      (
        await failure(
          reply({ success: false, error: 'quota', retry_possible: false }, 2).provision(request()),
        )
      ).retryable,
    ).toBe(false);
  });

  it('retries a crash and shows the stderr tail with secrets blanked out', async () => {
    const provisioner = createScriptProvisioner({
      command: [
        process.execPath,
        '-e',
        "console.error('connecting with token=abc123secret to ' + process.env.API_TOKEN); process.exit(3)",
      ],
      env: { API_TOKEN: 'hunter2-very-secret' },
    });
    const error = await failure(provisioner.terminate('vm-1'));
    expect(error).toMatchObject({ code: 'script_error', retryable: true });
    expect(error.message).toMatch(
      /script terminate for vm-1 exited with code 3; stderr: connecting with token=\[redacted\] to \[redacted\]/,
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('abc123secret');
  });

  it('maps health, get_instance and list replies', async () => {
    expect(
      await reply({ success: true, health: { status: 'healthy', uptime_seconds: 42 } }).health(
        'vm',
      ),
    ).toEqual({ state: 'healthy', uptimeSeconds: 42 });
    expect(
      await reply({ success: true, health: { status: 'unhealthy' } }).health('vm'),
    ).toMatchObject({ state: 'unhealthy' });
    expect(await reply({ success: true, instance: null }).getInstance('vm')).toBeNull();
    expect(
      await reply({
        success: true,
        instances: [
          { external_id: 'a', contract_id: 'c1' },
          { external_id: 'b', contract_id: null },
          { external_id: 'c' },
        ],
      }).listInstances(),
    ).toEqual([{ externalId: 'a', provisioner: 'script', contractId: 'c1', status: 'unknown' }]);
  });
});

describe('script provisioner: the example script', () => {
  it('resets a password and keeps its state file private', async () => {
    const state = join(dir, 'example.json');
    const provisioner = createScriptProvisioner({
      command: [process.execPath, EXAMPLE_SCRIPT],
      env: { DC_EXAMPLE_STATE_FILE: state },
    });
    const instance = await provisioner.provision(request('contract-reset-01'));
    const password = await provisioner.resetPassword?.(instance.externalId);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await expect(provisioner.resetPassword?.('srv-missing')).rejects.toMatchObject({
      code: 'script_error',
      message: expect.stringMatching(/no server srv-missing/),
    });
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});

describe('script provisioner: setup checks', () => {
  it('reports a missing or non-executable script and config mistakes without throwing', async () => {
    const missing = await createScriptProvisioner({
      command: [join(dir, 'nope.sh')],
    }).verifySetup();
    expect(missing.errors[0]).toMatch(/nope\.sh does not exist or is not executable/);
    const plain = join(dir, 'plain.sh');
    await writeFile(plain, '#!/bin/sh\n');
    await chmod(plain, 0o644);
    expect((await createScriptProvisioner({ command: [plain] }).verifySetup()).errors[0]).toMatch(
      /not executable/,
    );
    expect(
      (await createScriptProvisioner({ command: ['no-such-binary-dc'] }).verifySetup()).errors[0],
    ).toMatch(/not found in PATH/);
    const bad = await createScriptProvisioner({ command: [], timeout: 5 } as never).verifySetup();
    expect(bad.ok).toBe(false);
    expect(bad.errors.join('\n')).toMatch(/command: expected at least the executable/);
    expect(bad.errors.join('\n')).toMatch(/timeout/);
  });

  it('runs the verify action, or only checks the executable when verify is off', async () => {
    const failing = nodeScript(
      "console.log(JSON.stringify({ success: false, error: 'API token rejected' }))",
    );
    expect(await failing.verifySetup()).toEqual({
      ok: false,
      errors: [expect.stringMatching(/script verify failed: API token rejected/)],
      warnings: [],
    });
    const off = nodeScript('process.exit(1)', { verify: false });
    expect(await off.verifySetup()).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/verify is off/)],
    });
  });

  it('fails calls of a bad config with invalid_config', async () => {
    await expect(
      createScriptProvisioner({ command: [join(dir, 'nope.sh')] }).provision(request()),
    ).rejects.toMatchObject({ code: 'invalid_config' });
  });
});
