import { createHash } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../../fake-server';
import { ok, paramError, pveError } from './responses';
import { type ApiRoute, driveBytes } from './routes-cluster';
import {
  boolean,
  checkParams,
  diskSize,
  dnsName,
  integer,
  ipConfig,
  netConfig,
  storageId,
  tagList,
  text,
  uriUnescape,
  urlencoded,
  validSshKeys,
} from './validate';
import type { FakeProxmoxVm, FakeProxmoxWorld } from './world';

const hex2 = (n: number) => (n & 255).toString(16).toUpperCase().padStart(2, '0');
const isTemplate = (vm: FakeProxmoxVm) =>
  vm.config['template'] === 1 || vm.config['template'] === '1';

const CONFIG_CHECKS = {
  name: dnsName,
  description: text(8192),
  tags: tagList,
  cores: integer(1, 1024),
  sockets: integer(1, 4),
  memory: integer(16),
  ciuser: text(64),
  cipassword: text(256),
  sshkeys: urlencoded,
  ipconfig0: ipConfig,
  nameserver: text(256),
  searchdomain: text(256),
  agent: (v: string) =>
    /^(enabled=)?[01](,.*)?$/.test(v)
      ? undefined
      : `invalid format - format error enabled: type check ('boolean') failed - got '${v}'`,
  net0: netConfig,
  onboot: boolean,
  digest: text(64),
};

/** The VM a `/nodes/:node/qemu/:vmid/...` request names, or Proxmox's error for it. */
function target(world: FakeProxmoxWorld, req: FakeRequest): FakeProxmoxVm | FakeResponse {
  return world.vm(req.params['node'] ?? '', req.params['vmid'] ?? '');
}

const isResponse = (v: FakeProxmoxVm | FakeResponse): v is FakeResponse => !('vmid' in v);

const locked = (vm: FakeProxmoxVm) =>
  vm.config['lock'] !== undefined
    ? pveError(500, `VM is locked (${String(vm.config['lock'])})`)
    : undefined;

/** The config as `GET .../config` shows it: a digest, `cipassword` masked. */
function shownConfig(vm: FakeProxmoxVm) {
  const config: Record<string, string | number> = { ...vm.config };
  if (config['cipassword'] !== undefined) config['cipassword'] = '**********';
  const digest = createHash('sha1').update(JSON.stringify(vm.config)).digest('hex');
  return { ...config, digest };
}

/** `/nodes/{node}/qemu/{vmid}/...`: clone, config, resize, power, status, destroy. */
export function registerQemuRoutes(api: ApiRoute, world: FakeProxmoxWorld): void {
  api(
    'POST',
    '/nodes/:node/qemu/:vmid/clone',
    (req, user) => {
      const source = target(world, req);
      if (isResponse(source)) return source;
      const errors = checkParams(
        req.body,
        {
          newid: integer(100, 999_999_999),
          name: dnsName,
          description: text(8192),
          full: boolean,
          storage: storageId,
          target: text(64),
          pool: text(64),
          format: text(8),
          snapname: text(40),
          bwlimit: integer(0),
        },
        ['newid'],
      );
      if (errors) return paramError(errors);
      const body = req.body as Record<string, string>;
      const newid = Number(body['newid']);
      const node = body['target'] ?? source.node;
      if (world.takeIdOnNextClone > 0) {
        // Another client's create lands between our nextid and clone.
        world.takeIdOnNextClone--;
        if (!world.vms.has(newid))
          world.addVm(newid, source.node, {
            name: `other-client-${newid}`,
            memory: '512',
            cores: 1,
          });
      }
      const taken = world.vms.get(newid);
      if (taken) return pveError(500, `VM ${newid} already exists on node '${taken.node}'`);
      const storage = body['storage'];
      if (
        storage !== undefined &&
        !world.storages.some(
          (s) => s.storage === storage && s.content.split(',').includes('images'),
        )
      ) {
        return pveError(500, `storage '${storage}' does not exist`);
      }
      const nodeProblem = world.nodeProblem(node);
      if (nodeProblem) return nodeProblem;
      if (source.config['lock'] !== undefined) return locked(source) as FakeResponse;
      // Proxmox writes a temporary config holding only the lock; name and description appear when the copy is done.
      const vm = world.addVm(newid, node, { lock: 'clone' });
      const disks: Record<string, string> = {};
      for (const [key, value] of Object.entries(source.config)) {
        if (
          /^(scsi|virtio|sata|ide)\d+$/.test(key) &&
          typeof value === 'string' &&
          !value.includes('media=cdrom')
        ) {
          const [volume = '', ...options] = value.split(',');
          const store = storage ?? volume.split(':')[0];
          disks[key] = [`${store}:vm-${newid}-disk-${Object.keys(disks).length}`, ...options].join(
            ',',
          );
        }
      }
      const full: Record<string, string | number> = { ...source.config, ...disks };
      delete full['template'];
      full['name'] = body['name'] ?? `Copy-of-VM-${String(source.config['name'] ?? source.vmid)}`;
      if (body['description'] !== undefined) full['description'] = body['description'];
      else delete full['description'];
      if (typeof full['net0'] === 'string')
        full['net0'] = full['net0'].replace(
          /=([0-9A-F]{2}:){5}[0-9A-F]{2}/i,
          `=BC:24:11:${hex2(newid >> 16)}:${hex2(newid >> 8)}:${hex2(newid)}`,
        );
      const upid = world.startTask(source.node, 'qmclone', String(source.vmid), user, {
        log: Object.entries(disks).map(
          ([key, d]) =>
            `create full clone of drive ${key} (${String(source.config[key]).split(',')[0]}) to ${d.split(',')[0]}`,
        ),
        onSuccess: () => {
          vm.config = full;
        },
        onFailure: () => {
          world.vms.delete(newid);
        },
      });
      return ok(upid);
    },
    { creates: true },
  );

  api('GET', '/nodes/:node/qemu/:vmid/config', (req) => {
    const vm = target(world, req);
    return isResponse(vm) ? vm : ok(shownConfig(vm));
  });

  const updateConfig = (req: FakeRequest, user: string, async: boolean): FakeResponse => {
    const vm = target(world, req);
    if (isResponse(vm)) return vm;
    const errors = checkParams(req.body, CONFIG_CHECKS);
    if (errors) return paramError(errors);
    const lock = locked(vm);
    if (lock) return lock;
    const body = { ...(req.body as Record<string, string>) };
    delete body['digest'];
    if (body['sshkeys'] !== undefined && !validSshKeys(uriUnescape(body['sshkeys'])))
      return pveError(500, 'SSH public key validation error');
    if (body['cipassword'] !== undefined) vm.cloudInitPassword = body['cipassword'];
    for (const [key, value] of Object.entries(body))
      vm.config[key] = key === 'cores' || key === 'sockets' ? Number(value) : value;
    return ok(
      async
        ? world.startTask(vm.node, 'qmconfig', String(vm.vmid), user, {
            log: [`update VM ${vm.vmid}: ${Object.keys(body).join(', ')}`],
            onSuccess: () => {},
          })
        : null,
    );
  };
  api('POST', '/nodes/:node/qemu/:vmid/config', (req, user) => updateConfig(req, user, true));
  api('PUT', '/nodes/:node/qemu/:vmid/config', (req, user) => updateConfig(req, user, false));

  api('PUT', '/nodes/:node/qemu/:vmid/resize', (req, user) => {
    const vm = target(world, req);
    if (isResponse(vm)) return vm;
    const errors = checkParams(
      req.body,
      {
        disk: (v) =>
          /^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$/.test(v)
            ? undefined
            : `value '${v}' does not have a value in the enumeration`,
        size: diskSize,
        digest: text(64),
        skiplock: boolean,
      },
      ['disk', 'size'],
    );
    if (errors) return paramError(errors);
    const lock = locked(vm);
    if (lock) return lock;
    const { disk = '', size = '' } = req.body as Record<string, string>;
    const drive = vm.config[disk];
    if (typeof drive !== 'string') return pveError(500, `disk '${disk}' does not exist`);
    const current = driveBytes(drive);
    const unit =
      { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[size.replace(/[^KMGT]/g, '')] ??
      1;
    const amount = Math.round(Number.parseFloat(size.replace(/^\+/, '')) * unit);
    const wanted = size.startsWith('+') ? current + amount : amount;
    if (wanted < current) return pveError(500, 'shrinking disks is not supported');
    const newSize =
      wanted % 1024 ** 3 === 0 ? `${wanted / 1024 ** 3}G` : `${Math.ceil(wanted / 1024 ** 2)}M`;
    // PVE 8 resizes in a task (qmresize).
    return ok(
      world.startTask(vm.node, 'qmresize', String(vm.vmid), user, {
        log: [`Size of logical volume changed to ${newSize}`],
        onSuccess: () => {
          vm.config[disk] = drive.replace(/size=[^,]+/, `size=${newSize}`);
        },
      }),
    );
  });

  api('GET', '/nodes/:node/qemu/:vmid/status/current', (req) => {
    const vm = target(world, req);
    if (isResponse(vm)) return vm;
    const running = vm.status === 'running';
    return ok({
      vmid: vm.vmid,
      status: vm.status,
      qmpstatus: vm.status,
      ...(vm.config['name'] !== undefined ? { name: vm.config['name'] } : {}),
      ...(vm.config['lock'] !== undefined ? { lock: vm.config['lock'] } : {}),
      uptime: running && vm.startedAt !== null ? Math.floor((Date.now() - vm.startedAt) / 1000) : 0,
      cpus: Number(vm.config['cores'] ?? 1),
      maxmem: Number(vm.config['memory'] ?? 512) * 1024 * 1024,
      ...(String(vm.config['agent'] ?? '0').match(/^(enabled=)?1/) ? { agent: 1 } : {}),
      ...(running ? { pid: 10_000 + vm.vmid } : {}),
      ha: { managed: 0 },
    });
  });

  api('POST', '/nodes/:node/qemu/:vmid/status/start', (req, user) => {
    const vm = target(world, req);
    if (isResponse(vm)) return vm;
    const lock = locked(vm);
    if (lock) return lock;
    if (isTemplate(vm)) return pveError(500, "you can't start a vm if it's a template");
    if (vm.status === 'running') return pveError(500, `VM ${vm.vmid} already running`);
    const bridge = /bridge=([^,]+)/.exec(String(vm.config['net0'] ?? ''))?.[1];
    const missingBridge =
      bridge !== undefined && !world.bridges.includes(bridge)
        ? `bridge '${bridge}' does not exist`
        : undefined;
    return ok(
      world.startTask(vm.node, 'qmstart', String(vm.vmid), user, {
        log: [`generating cloud-init ISO`, `start VM ${vm.vmid}`],
        ...(missingBridge !== undefined ? { error: missingBridge } : {}),
        onSuccess: () => {
          const now = Date.now();
          vm.status = 'running';
          vm.startedAt = now;
          const agentOn = /^(enabled=)?1/.test(String(vm.config['agent'] ?? '0'));
          vm.agentReadyAt = agentOn ? now + world.agentDelayMs : null;
        },
      }),
    );
  });

  for (const action of ['stop', 'shutdown'] as const) {
    api('POST', `/nodes/:node/qemu/:vmid/status/${action}`, (req, user) => {
      const vm = target(world, req);
      if (isResponse(vm)) return vm;
      const errors = checkParams(req.body, {
        timeout: integer(0),
        forceStop: boolean,
        skiplock: boolean,
        keepActive: boolean,
      });
      if (errors) return paramError(errors);
      if (vm.status !== 'running') return pveError(500, `VM ${vm.vmid} not running`);
      return ok(
        world.startTask(
          vm.node,
          action === 'stop' ? 'qmstop' : 'qmshutdown',
          String(vm.vmid),
          user,
          {
            log: [`${action} VM ${vm.vmid}`],
            onSuccess: () => {
              vm.status = 'stopped';
              vm.startedAt = null;
              vm.agentReadyAt = null;
            },
          },
        ),
      );
    });
  }

  api('DELETE', '/nodes/:node/qemu/:vmid', (req, user) => {
    const vm = target(world, req);
    if (isResponse(vm)) return vm;
    const errors = checkParams(Object.fromEntries(req.query), {
      purge: boolean,
      'destroy-unreferenced-disks': boolean,
      skiplock: boolean,
    });
    if (errors) return paramError(errors);
    const lock = locked(vm);
    if (lock) return lock;
    if (vm.status === 'running') return pveError(500, `VM ${vm.vmid} is running - destroy failed`);
    return ok(
      world.startTask(vm.node, 'qmdestroy', String(vm.vmid), user, {
        log: [
          `destroy VM ${vm.vmid}`,
          ...Object.entries(vm.config)
            .filter(([k]) => /^(scsi|virtio)\d+$/.test(k))
            .map(([, d]) => `Removing image: 100% complete...done. (${String(d).split(',')[0]})`),
        ],
        onSuccess: () => {
          world.vms.delete(vm.vmid);
          world.destroyed.push({ vmid: vm.vmid, query: Object.fromEntries(req.query) });
        },
      }),
    );
  });
}
