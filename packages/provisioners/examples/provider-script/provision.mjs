#!/usr/bin/env node
// An example Decent Cloud provider script for the `script` provisioner.
//
// It reads ONE JSON object from stdin and writes ONE JSON object to stdout. Instead of a real
// cloud it keeps its "servers" in a JSON state file (path in DC_EXAMPLE_STATE_FILE), which is
// enough to show what a real script must do and to run the provisioner conformance suite
// through it:
//   - idempotency: one server per contract; `provision` of a contract that has one returns it;
//   - cleanup: a provision that fails after creating something removes it before replying;
//   - "already gone" is success for `terminate`;
//   - logs go to stderr, the reply alone to stdout.
// Replace the state-file functions with calls to your own infrastructure.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';

const statePath = process.env.DC_EXAMPLE_STATE_FILE;

function log(message) {
  process.stderr.write(`[example-provider] ${message}\n`);
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Several agents' calls may run at once: a lock directory (mkdir is atomic) serialises them.
async function withLock(fn) {
  const lock = `${statePath}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than 30 s belongs to a script that was killed: take it over.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmdirSync(lock);
      } catch {}
      if (Date.now() > deadline) throw new Error(`state file ${statePath} stayed locked for 10 s`);
      await sleep(10);
    }
  }
  try {
    return await fn();
  } finally {
    rmdirSync(lock);
  }
}

function load() {
  try {
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    return { servers: state.servers ?? [], faults: state.faults ?? {} };
  } catch (error) {
    if (error.code === 'ENOENT') return { servers: [], faults: {} };
    throw error;
  }
}

// Written to a temp file and renamed, so a killed script never leaves half a file.
function save(state) {
  const tmp = `${statePath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, statePath);
}

/** Takes one injected fault (used by the conformance tests), if any is pending. */
function takeFault(state, name) {
  if ((state.faults[name] ?? 0) <= 0) return false;
  state.faults[name] -= 1;
  return true;
}

function describe(server) {
  return {
    external_id: server.external_id,
    contract_id: server.contract_id,
    status: server.status,
    ip_address: server.ip_address,
    ipv6_address: null,
    ssh_port: server.ssh_port,
    root_password: null,
  };
}

const CRASH = Symbol('crash');

const actions = {
  verify(_input, state) {
    log(`state file ${statePath} holds ${state.servers.length} servers`);
    return { success: true };
  },

  provision(input, state) {
    if (typeof input.contract_id !== 'string' || input.contract_id === '') {
      return { success: false, error: 'contract_id is required', retry_possible: false };
    }
    const existing = state.servers.find((s) => s.contract_id === input.contract_id);
    if (existing) {
      log(`contract ${input.contract_id} already has ${existing.external_id}: returning it`);
      if (existing.status !== 'running') {
        existing.status = 'running';
        existing.started_at = new Date().toISOString();
        save(state);
      }
      return { success: true, instance: describe(existing) };
    }
    const server = {
      external_id: `srv-${randomBytes(6).toString('hex')}`,
      contract_id: input.contract_id,
      status: 'running',
      ip_address: `192.0.2.${1 + (state.servers.length % 250)}`,
      ssh_port: 22,
      cpu_cores: input.cpu_cores,
      memory_mb: input.memory_mb,
      storage_gb: input.storage_gb,
      ssh_keys: (input.requester_ssh_pubkey ?? '').split('\n').filter(Boolean),
      started_at: new Date().toISOString(),
    };
    state.servers.push(server);
    const crash = takeFault(state, 'crash_after_create');
    const fail = !crash && takeFault(state, 'fail_after_create');
    save(state);
    log(`created ${server.external_id} for contract ${input.contract_id}`);
    // The server exists, but the script dies before replying (after the lock is released).
    if (crash) return CRASH;
    if (fail) {
      // Something after the create went wrong: remove what was made, then say so.
      state.servers = state.servers.filter((s) => s.external_id !== server.external_id);
      save(state);
      return {
        success: false,
        error: 'server did not boot (simulated); it was removed',
        retry_possible: true,
      };
    }
    return { success: true, instance: describe(server) };
  },

  get_instance(input, state) {
    const server = state.servers.find((s) => s.external_id === input.external_id);
    return { success: true, instance: server ? describe(server) : null };
  },

  list(_input, state) {
    return {
      success: true,
      instances: state.servers.map((s) => ({
        external_id: s.external_id,
        contract_id: s.contract_id ?? null,
        status: s.status,
      })),
    };
  },

  terminate(input, state) {
    const before = state.servers.length;
    state.servers = state.servers.filter((s) => s.external_id !== input.external_id);
    if (state.servers.length === before) {
      log(`${input.external_id} is already gone`);
    } else {
      save(state);
      log(`removed ${input.external_id}`);
    }
    return { success: true };
  },

  health(input, state) {
    const server = state.servers.find((s) => s.external_id === input.external_id);
    if (!server)
      return {
        success: true,
        health: { status: 'unknown', reason: `no server ${input.external_id}` },
      };
    if (server.status !== 'running')
      return {
        success: true,
        health: { status: 'unhealthy', reason: `server is ${server.status}` },
      };
    const uptime = Math.max(0, Math.floor((Date.now() - Date.parse(server.started_at)) / 1000));
    return { success: true, health: { status: 'healthy', uptime_seconds: uptime } };
  },

  reset_password(input, state) {
    const server = state.servers.find((s) => s.external_id === input.external_id);
    if (!server)
      return { success: false, error: `no server ${input.external_id}`, retry_possible: false };
    // A real script sets it on the server (e.g. through the hypervisor's guest agent).
    return { success: true, password: randomBytes(18).toString('base64url') };
  },
};

async function main() {
  if (!statePath) {
    process.stdout.write(
      `${JSON.stringify({ success: false, error: 'DC_EXAMPLE_STATE_FILE is not set', retry_possible: false })}\n`,
    );
    return;
  }
  const input = JSON.parse(await readStdin());
  const handler = actions[input.action];
  if (!handler) {
    process.stdout.write(
      `${JSON.stringify({ success: false, error: `unknown action ${input.action}`, retry_possible: false })}\n`,
    );
    return;
  }
  const reply = await withLock(async () => handler(input, load()));
  if (reply === CRASH) {
    log('simulated crash after create');
    process.exit(70);
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.stdout.write(
    `${JSON.stringify({ success: false, error: String(error.message ?? error), retry_possible: true })}\n`,
  );
  process.exitCode = 1;
});
