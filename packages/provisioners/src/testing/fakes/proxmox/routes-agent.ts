import type { FakeRequest, FakeResponse } from '../../fake-server';
import { ok, paramError, pveError } from './responses';
import type { ApiRoute } from './routes-cluster';
import { boolean, checkParams, text } from './validate';
import type { FakeProxmoxVm, FakeProxmoxWorld } from './world';

const hex2 = (n: number) => (n & 255).toString(16).padStart(2, '0');

/**
 * The VM if its guest agent can answer, else Proxmox's error: VM missing, not running, agent not
 * configured, or the agent not (yet) running inside the guest.
 */
function agentOf(world: FakeProxmoxWorld, req: FakeRequest): FakeProxmoxVm | FakeResponse {
  const vm = world.vm(req.params['node'] ?? '', req.params['vmid'] ?? '');
  if (!('vmid' in vm)) return vm;
  if (vm.status !== 'running') return pveError(500, `VM ${vm.vmid} is not running`);
  if (!/^(enabled=)?1/.test(String(vm.config['agent'] ?? '0')))
    return pveError(500, 'No QEMU guest agent configured');
  if (vm.agentReadyAt === null || Date.now() < vm.agentReadyAt)
    return pveError(500, 'QEMU guest agent is not running');
  return vm;
}

/**
 * `/nodes/{node}/qemu/{vmid}/agent/...`: interfaces, set-user-password, file-write, exec,
 * exec-status.
 */
export function registerAgentRoutes(api: ApiRoute, world: FakeProxmoxWorld): void {
  api('GET', '/nodes/:node/qemu/:vmid/agent/network-get-interfaces', (req) => {
    const vm = agentOf(world, req);
    if (!('vmid' in vm)) return vm;
    const id = vm.vmid;
    return ok({
      result: [
        {
          name: 'lo',
          'hardware-address': '00:00:00:00:00:00',
          'ip-addresses': [
            { 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 },
            { 'ip-address': '::1', 'ip-address-type': 'ipv6', prefix: 128 },
          ],
          statistics: {
            'rx-bytes': 0,
            'tx-bytes': 0,
            'rx-packets': 0,
            'tx-packets': 0,
            'rx-errs': 0,
            'tx-errs': 0,
            'rx-dropped': 0,
            'tx-dropped': 0,
          },
        },
        {
          name: 'eth0',
          'hardware-address': `bc:24:11:${hex2(id >> 16)}:${hex2(id >> 8)}:${hex2(id)}`,
          'ip-addresses': [
            {
              'ip-address': `fe80::be24:11ff:fe00:${id.toString(16)}`,
              'ip-address-type': 'ipv6',
              prefix: 64,
            },
            {
              'ip-address': `10.10.${(id >> 8) & 255}.${id & 255}`,
              'ip-address-type': 'ipv4',
              prefix: 24,
            },
            { 'ip-address': `2001:db8::${id.toString(16)}`, 'ip-address-type': 'ipv6', prefix: 64 },
          ],
        },
      ],
    });
  });

  api('POST', '/nodes/:node/qemu/:vmid/agent/set-user-password', (req) => {
    const errors = checkParams(
      req.body,
      {
        username: text(64),
        password: (v) =>
          v.length < 5
            ? 'value must be at least 5 characters long'
            : v.length > 1024
              ? 'value may only be 1024 characters long'
              : undefined,
        crypted: boolean,
      },
      ['username', 'password'],
    );
    if (errors) return paramError(errors);
    const vm = agentOf(world, req);
    if (!('vmid' in vm)) return vm;
    const { username = '', password = '' } = req.body as Record<string, string>;
    vm.guestPasswords.set(username, password);
    return ok({ result: {} });
  });

  // Proxmox base64-encodes `content` for the agent unless `encode` is 0 (then it must be base64
  // already); it allows 60 KiB of content and answers `null`.
  api('POST', '/nodes/:node/qemu/:vmid/agent/file-write', (req) => {
    const errors = checkParams(
      req.body,
      {
        file: (v) => (v.length === 0 ? 'value may not be empty' : undefined),
        content: (v) => (v.length > 61_440 ? 'value may only be 61440 characters long' : undefined),
        encode: boolean,
      },
      ['file', 'content'],
    );
    if (errors) return paramError(errors);
    const vm = agentOf(world, req);
    if (!('vmid' in vm)) return vm;
    const { file = '', content = '', encode } = req.body as Record<string, string>;
    const plain = encode === '0' ? Buffer.from(content, 'base64').toString('utf8') : content;
    vm.guestFiles.set(file, plain);
    return ok(null);
  });

  api('POST', '/nodes/:node/qemu/:vmid/agent/exec', (req) => {
    const body = (req.body ?? {}) as { command?: unknown; 'input-data'?: unknown };
    const command = Array.isArray(body.command)
      ? body.command.map(String)
      : typeof body.command === 'string'
        ? [body.command]
        : [];
    if (command.length === 0)
      return paramError({ command: 'property is missing and it is not optional' });
    const vm = agentOf(world, req);
    if (!('vmid' in vm)) return vm;
    const pid = 4000 + vm.execs.size;
    const { exitcode, out, durationMs } = world.execResult;
    vm.execs.set(pid, {
      command,
      input: typeof body['input-data'] === 'string' ? body['input-data'] : undefined,
      doneAt: Date.now() + durationMs,
      exitcode,
      out,
    });
    return ok({ pid });
  });

  api('GET', '/nodes/:node/qemu/:vmid/agent/exec-status', (req) => {
    const vm = agentOf(world, req);
    if (!('vmid' in vm)) return vm;
    const exec = vm.execs.get(Number(req.query.get('pid')));
    if (!exec) return pveError(500, `Agent error: Invalid parameter 'pid'`);
    if (Date.now() < exec.doneAt) return ok({ exited: 0 });
    return ok({
      exited: 1,
      exitcode: exec.exitcode,
      ...(exec.out !== '' ? { 'out-data': exec.out } : {}),
    });
  });
}
