import type { FakeRequest, FakeResponse } from '../../fake-server';
import { ok, paramError, pveError } from './responses';
import type { FakeProxmoxVm, FakeProxmoxWorld } from './world';

/** Registers a route under `/api2/json` behind the token check. */
export type ApiRoute = (
  method: string,
  path: string,
  handler: (req: FakeRequest, user: string) => FakeResponse | Promise<FakeResponse>,
  options?: { creates?: boolean },
) => void;

const GiB = 1024 ** 3;

/** Bytes of a drive's `size=` (`3584M`, `20G`). */
export function driveBytes(drive: string | number | undefined): number {
  const match = /(?:^|,)size=(\d+(?:\.\d+)?)([KMGT]?)/.exec(String(drive ?? ''));
  if (!match) return 0;
  return Math.round(
    Number(match[1]) * 1024 ** ({ '': 0, K: 1, M: 2, G: 3, T: 4 }[match[2] ?? ''] ?? 0),
  );
}

/** A VM as `/cluster/resources` lists it. */
function resourceOf(vm: FakeProxmoxVm) {
  const c = vm.config;
  const template = c['template'] === 1 || c['template'] === '1';
  return {
    id: `qemu/${vm.vmid}`,
    type: 'qemu',
    vmid: vm.vmid,
    node: vm.node,
    status: vm.status,
    template: template ? 1 : 0,
    ...(c['name'] !== undefined ? { name: String(c['name']) } : {}),
    ...(c['tags'] !== undefined ? { tags: String(c['tags']) } : {}),
    ...(c['lock'] !== undefined ? { lock: String(c['lock']) } : {}),
    maxcpu: Number(c['cores'] ?? 1),
    maxmem: Number(c['memory'] ?? 512) * 1024 * 1024,
    maxdisk: driveBytes(c['scsi0'] ?? c['virtio0']),
    mem: 0,
    disk: 0,
    cpu: 0,
    uptime: vm.startedAt === null ? 0 : Math.floor((Date.now() - vm.startedAt) / 1000),
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
  };
}

/** `/version`, `/nodes...`, `/cluster/...` and task routes. */
export function registerClusterRoutes(api: ApiRoute, world: FakeProxmoxWorld): void {
  api('GET', '/version', () =>
    ok({ version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325' }),
  );

  api('GET', '/nodes', () =>
    ok(
      [...world.nodes].map(([node, state]) => ({
        node,
        id: `node/${node}`,
        type: 'node',
        status: state.online ? 'online' : 'offline',
        level: '',
        maxcpu: 32,
        maxmem: 128 * GiB,
        uptime: 86_400,
      })),
    ),
  );

  api('GET', '/nodes/:node/storage', (req) => {
    const problem = world.nodeProblem(req.params['node'] ?? '');
    if (problem) return problem;
    const content = req.query.get('content');
    return ok(
      world.storages
        .filter((s) => content === null || s.content.split(',').includes(content))
        .map((s) => ({
          ...s,
          active: 1,
          enabled: 1,
          shared: 0,
          total: 500 * GiB,
          used: 100 * GiB,
          avail: 400 * GiB,
          used_fraction: 0.2,
        })),
    );
  });

  api('GET', '/nodes/:node/network', (req) => {
    const problem = world.nodeProblem(req.params['node'] ?? '');
    if (problem) return problem;
    const type = req.query.get('type');
    if (
      type !== null &&
      !['bridge', 'bond', 'eth', 'vlan', 'any_bridge', 'any_local_bridge'].includes(type)
    ) {
      return paramError({
        type: `value '${type}' does not have a value in the enumeration 'bridge, bond, eth, alias, vlan, OVSBridge, OVSBond, OVSPort, OVSIntPort, any_bridge, any_local_bridge'`,
      });
    }
    return ok(
      world.bridges.map((iface) => ({
        iface,
        type: 'bridge',
        active: 1,
        autostart: 1,
        method: 'manual',
        families: ['inet'],
        priority: 3,
      })),
    );
  });

  api('GET', '/cluster/resources', (req) => {
    const type = req.query.get('type');
    if (type !== null && !['vm', 'storage', 'node', 'sdn'].includes(type)) {
      return paramError({
        type: `value '${type}' does not have a value in the enumeration 'vm, storage, node, sdn'`,
      });
    }
    const vms = [...world.vms.values()].sort((a, b) => a.vmid - b.vmid).map(resourceOf);
    const nodes = [...world.nodes].map(([node, s]) => ({
      id: `node/${node}`,
      type: 'node',
      node,
      status: s.online ? 'online' : 'offline',
    }));
    return ok(
      type === 'vm' ? vms : type === 'node' ? nodes : type === null ? [...vms, ...nodes] : [],
    );
  });

  api('GET', '/cluster/nextid', (req) => {
    const wanted = req.query.get('vmid');
    if (wanted !== null) {
      if (!/^\d+$/.test(wanted) || Number(wanted) < 100)
        return paramError({ vmid: 'value must have a minimum value of 100' });
      return world.vms.has(Number(wanted))
        ? pveError(400, `VM ${wanted} already exists`)
        : ok(wanted);
    }
    // Proxmox sends the id as a JSON string.
    return ok(String(world.nextId()));
  });

  api('GET', '/nodes/:node/tasks/:upid/status', (req) => {
    const problem = world.nodeProblem(req.params['node'] ?? '');
    if (problem) return problem;
    const task = world.tasks.get(req.params['upid'] ?? '');
    if (!task) return pveError(500, `unable to parse worker upid '${req.params['upid'] ?? ''}'`);
    const [user, tokenid] = task.user.split('!');
    return ok({
      upid: task.upid,
      node: task.node,
      pid: task.pid,
      pstart: task.pstart,
      starttime: task.starttime,
      type: task.type,
      id: task.id,
      user,
      ...(tokenid !== undefined ? { tokenid } : {}),
      status: task.status,
      ...(task.exitstatus !== undefined ? { exitstatus: task.exitstatus } : {}),
    });
  });

  api('GET', '/nodes/:node/tasks/:upid/log', (req) => {
    const task = world.tasks.get(req.params['upid'] ?? '');
    if (!task) return pveError(500, `unable to parse worker upid '${req.params['upid'] ?? ''}'`);
    const start = Number(req.query.get('start') ?? 0);
    const limit = Number(req.query.get('limit') ?? 50);
    const lines = task.log.map((t, i) => ({ n: i + 1, t }));
    return ok(lines.slice(start, start + limit), { total: lines.length });
  });
}
