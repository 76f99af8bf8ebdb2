import { randomBytes } from 'node:crypto';
import type {
  WireAction,
  WireImage,
  WireLocation,
  WireServer,
  WireServerType,
} from '../../../providers/hetzner/wire';
import { json } from '../../fake-server';
import { FakeHetznerError, invalidInput } from './api-error';
import { FAKE_IMAGES, FAKE_LOCATIONS, FAKE_SERVER_TYPES, fakeDatacenter } from './catalog';
import { paginate } from './paginate';
import {
  type HetznerHandler,
  idParam,
  labelsField,
  objectBody,
  type RegisterRoute,
  type RouteContext,
  selectByLabels,
} from './route';
import type { FakeHetznerState } from './state';

// RFC 1123 host name, as Hetzner requires for server names.
const HOSTNAME =
  /^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
const USER_DATA_MAX = 32 * 1024;

/**
 * `/servers` (list, get, create, delete), `/servers/{id}/actions/*`, `/actions?id=` and
 * `/actions/{id}`.
 */
export function registerServerRoutes(route: RegisterRoute, ctx: RouteContext): void {
  const { state } = ctx;
  const serverOf = (id: number) => {
    const server = state.servers.get(id);
    if (!server) throw new FakeHetznerError('not_found', `server with ID '${id}' not found`);
    return server;
  };

  route('GET', '/servers', (req) => {
    const name = req.query.get('name');
    const statuses = req.query.getAll('status');
    const filtered = selectByLabels([...state.servers.values()], req.query).filter(
      (s) =>
        (name === null || s.name === name) &&
        (statuses.length === 0 || statuses.includes(s.status)),
    );
    const { items, meta } = paginate(filtered, req.query, ctx.maxPerPage());
    return json(200, { servers: items, meta });
  });

  route('GET', '/servers/:id', (req) => json(200, { server: serverOf(idParam(req, 'server')) }));

  route('POST', '/servers', (req) => createServer(state, ctx.serverLimit(), objectBody(req)), {
    creates: true,
  });

  route('DELETE', '/servers/:id', (req) => {
    const server = serverOf(idParam(req, 'server'));
    const before = server.status;
    server.status = 'deleting';
    const action = state.startAction('delete_server', [{ id: server.id, type: 'server' }], (ok) => {
      if (ok) {
        state.servers.delete(server.id);
        state.userData.delete(server.id);
      } else {
        server.status = before;
      }
    });
    return json(200, { action: { ...action } });
  });

  // Power actions: the status the server passes through, and where it ends.
  const power: Record<
    string,
    { command: string; during?: WireServer['status']; after: WireServer['status'] | null }
  > = {
    poweron: { command: 'start_server', during: 'starting', after: 'running' },
    poweroff: { command: 'stop_server', during: 'stopping', after: 'off' },
    shutdown: { command: 'shutdown_server', during: 'stopping', after: 'off' },
    reboot: { command: 'reboot_server', after: 'running' },
    reset: { command: 'reset_server', after: 'running' },
  };
  const serverAction =
    (name: string): HetznerHandler =>
    (req) => {
      const server = serverOf(idParam(req, 'server'));
      if (state.isLocked(server.id))
        throw new FakeHetznerError('locked', 'server is locked: another action is running');
      if (name === 'reset_password') {
        const action = state.startAction(
          'reset_password',
          [{ id: server.id, type: 'server' }],
          () => {},
        );
        return json(201, { action: { ...action }, root_password: password() });
      }
      const spec = power[name];
      if (!spec) throw new FakeHetznerError('not_found', `no action ${name}`);
      const before = server.status;
      if (spec.during) server.status = spec.during;
      const action = state.startAction(spec.command, [{ id: server.id, type: 'server' }], (ok) => {
        server.status = ok && spec.after !== null ? spec.after : before;
      });
      return json(201, { action: { ...action } });
    };
  for (const name of [...Object.keys(power), 'reset_password'])
    route('POST', `/servers/:id/actions/${name}`, serverAction(name));

  // Listing every action of the project is gone from the real API (January 2025): only the
  // `id` filter remains, and ids it does not know are left out.
  route('GET', '/actions', (req) => {
    const ids = req.query.getAll('id');
    if (ids.length === 0)
      throw invalidInput('invalid input in field id', { id: 'at least one id is required' });
    if (ids.some((id) => !/^\d+$/.test(id)))
      throw invalidInput('invalid input in field id', { id: 'must be integers' });
    const found = [...new Set(ids.map(Number))]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const action = state.actions.get(id);
        return action ? [{ ...action }] : [];
      });
    const { items, meta } = paginate(found, req.query, ctx.maxPerPage());
    return json(200, { actions: items, meta });
  });

  route('GET', '/actions/:id', (req) => {
    const action = state.actions.get(idParam(req, 'action'));
    if (!action) throw new FakeHetznerError('not_found', 'action not found');
    return json(200, { action: { ...action } });
  });
}

function createServer(state: FakeHetznerState, serverLimit: number, body: Record<string, unknown>) {
  const {
    name,
    server_type: serverTypeRef,
    image: imageRef,
    location: locationRef,
    datacenter,
    ssh_keys: sshKeys,
    labels: rawLabels,
    user_data: userData,
    start_after_create: startAfterCreateRaw,
  } = body;
  if (typeof name !== 'string' || !HOSTNAME.test(name)) {
    throw invalidInput('invalid input in field name', {
      name: 'must be a valid hostname (RFC 1123)',
    });
  }
  const serverType = lookup(FAKE_SERVER_TYPES, serverTypeRef, 'server_type');
  const image = lookup(
    FAKE_IMAGES.filter(
      (i) =>
        i.architecture === serverType.architecture ||
        typeof imageRef === 'number' ||
        /^\d+$/.test(String(imageRef)),
    ),
    imageRef,
    'image',
  );
  if (image.architecture !== serverType.architecture) {
    throw invalidInput('image architecture does not match the server type', {
      image: `image is ${image.architecture}, server type ${serverType.name} is ${serverType.architecture}`,
    });
  }
  if (locationRef !== undefined && datacenter !== undefined) {
    throw invalidInput('location and datacenter are mutually exclusive', {
      location: 'set location or datacenter, not both',
    });
  }
  const location = locationOf(locationRef, datacenter, serverType);
  if (!serverType.prices.some((p) => p.location === location.name)) {
    throw invalidInput(`server type ${serverType.name} is not available in ${location.name}`, {
      server_type: `not available in location ${location.name}`,
    });
  }
  if (state.soldOut.has(`${serverType.name}@${location.name}`)) {
    throw new FakeHetznerError(
      'resource_unavailable',
      `server type ${serverType.name} is currently unavailable in ${location.name}`,
    );
  }
  const keyIds = sshKeysOf(state, sshKeys);
  const labels = labelsField(rawLabels);
  if (
    userData !== undefined &&
    userData !== null &&
    (typeof userData !== 'string' || Buffer.byteLength(userData) > USER_DATA_MAX)
  ) {
    throw invalidInput('invalid input in field user_data', {
      user_data: `must be a string of at most ${USER_DATA_MAX} bytes`,
    });
  }
  for (const other of state.servers.values()) {
    if (other.name === name)
      throw new FakeHetznerError('uniqueness_error', 'server name is already used', {
        fields: [{ name: 'name' }],
      });
  }
  if (state.servers.size >= serverLimit) {
    throw new FakeHetznerError(
      'resource_limit_exceeded',
      `server limit exceeded (${serverLimit} servers)`,
      { limits: [{ name: 'server_limit' }] },
    );
  }
  const startAfterCreate = startAfterCreateRaw !== false;
  const server = newServer(state, { name, serverType, image, location, labels });
  state.servers.set(server.id, server);
  if (typeof userData === 'string') state.userData.set(server.id, userData);
  const resources = [{ id: server.id, type: 'server' }];
  let created = false;
  const action = state.startAction('create_server', resources, (ok) => {
    created = ok;
    server.status = 'off';
  });
  const nextActions: WireAction[] = [];
  if (startAfterCreate) {
    // Fails with the create action: nothing starts on a server that was not built.
    nextActions.push(
      state.startAction(
        'start_server',
        resources,
        (ok) => {
          server.status = ok ? 'running' : 'off';
        },
        () => !created,
      ),
    );
  }
  return json(201, {
    server,
    action: { ...action },
    next_actions: nextActions.map((a) => ({ ...a })),
    root_password: keyIds.length === 0 ? password() : null,
  });
}

/** A server as the API shows it right after `POST /servers`. */
export function newServer(
  state: FakeHetznerState,
  spec: {
    name: string;
    serverType: WireServerType;
    image: WireImage;
    location: WireLocation;
    labels: Record<string, string>;
    status?: WireServer['status'];
  },
): WireServer {
  const { ipv4, ipv6 } = state.nextAddresses();
  return {
    id: state.nextServerId(),
    name: spec.name,
    status: spec.status ?? 'initializing',
    created: new Date().toISOString(),
    public_net: {
      ipv4: {
        id: state.nextServerId(),
        ip: ipv4,
        blocked: false,
        dns_ptr: `static.${ipv4.split('.').reverse().join('.')}.clients.your-server.de`,
      },
      ipv6: { id: state.nextServerId(), ip: ipv6, blocked: false, dns_ptr: [] },
      floating_ips: [],
      firewalls: [],
    },
    private_net: [],
    server_type: spec.serverType,
    datacenter: fakeDatacenter(spec.location),
    image: spec.image,
    iso: null,
    rescue_enabled: false,
    locked: false,
    backup_window: null,
    outgoing_traffic: 0,
    ingoing_traffic: 0,
    included_traffic: 21990232555520,
    protection: { delete: false, rebuild: false },
    labels: spec.labels,
    volumes: [],
    load_balancers: [],
    primary_disk_size: spec.serverType.disk,
    placement_group: null,
  };
}

function lookup<T extends { id: number; name: string | null }>(
  items: readonly T[],
  ref: unknown,
  field: string,
): T {
  if (typeof ref !== 'string' && typeof ref !== 'number')
    throw invalidInput(`invalid input in field ${field}`, { [field]: 'is required' });
  const found = /^\d+$/.test(String(ref))
    ? items.find((i) => i.id === Number(ref))
    : items.find((i) => i.name === ref);
  if (!found)
    throw invalidInput(`${field} ${String(ref)} not found`, {
      [field]: `${String(ref)} not found`,
    });
  return found;
}

function locationOf(
  locationRef: unknown,
  datacenter: unknown,
  serverType: WireServerType,
): WireLocation {
  const ref = typeof datacenter === 'string' ? datacenter.split('-')[0] : locationRef;
  if (ref === undefined) {
    const first = FAKE_LOCATIONS.find((l) => serverType.prices.some((p) => p.location === l.name));
    if (first) return first;
  }
  return lookup(FAKE_LOCATIONS, ref, 'location');
}

function sshKeysOf(state: FakeHetznerState, value: unknown): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw invalidInput('invalid input in field ssh_keys', { ssh_keys: 'must be an array' });
  return value.map((ref) => {
    const key = [...state.sshKeys.values()].find((k) => k.id === Number(ref) || k.name === ref);
    if (!key)
      throw invalidInput(`ssh_key ${String(ref)} not found`, {
        ssh_keys: `${String(ref)} not found`,
      });
    return key.id;
  });
}

function password(): string {
  return randomBytes(12).toString('base64url');
}
