import type { FakeHandler, FakeHttpServer, FakeRequest, FakeResponse } from '../../fake-server';
import { json } from '../../fake-server';
import { FAKE_VULTR_AVAILABILITY, FAKE_VULTR_OS, FAKE_VULTR_PLANS } from './catalog';
import { type FakeVultrInstance, FakeVultrState } from './state';

/** Vultr's error body. */
export const vultrError = (status: number, error: string): FakeResponse =>
  json(status, { error, status });

const badRequest = (message: string) => vultrError(400, message);
const KEY_LINE =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/;

const encodeCursor = (offset: number) => Buffer.from(`next__${offset}`).toString('base64');
function decodeCursor(cursor: string): number | null {
  const m = /^next__(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/**
 * One page of a list with Vultr's cursor pagination: `?per_page=N&cursor=C` (per_page defaults to
 * 100, at most 500), `meta.total` and `meta.links.next`/`prev` (`""` when there is none).
 */
export function vultrPage<T>(req: FakeRequest, key: string, all: readonly T[]): FakeResponse {
  const perPage = Math.min(500, Math.max(1, Number(req.query.get('per_page') ?? 100) || 100));
  const cursor = req.query.get('cursor');
  const offset = cursor === null || cursor === '' ? 0 : decodeCursor(cursor);
  if (offset === null) return badRequest('Invalid cursor.');
  const next = offset + perPage < all.length ? encodeCursor(offset + perPage) : '';
  const prev = offset > 0 ? encodeCursor(Math.max(0, offset - perPage)) : '';
  return json(200, {
    [key]: all.slice(offset, offset + perPage),
    meta: { total: all.length, links: { next, prev } },
  });
}

function publicInstance(i: FakeVultrInstance): object {
  const { user_data: _u, sshkey_ids: _k, ...wire } = i;
  return wire;
}

const isBase64 = (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0;

/** Registers the Vultr API v2 routes the provisioner uses, with the real paths and shapes. */
export function registerVultrRoutes(
  server: FakeHttpServer,
  state: FakeVultrState,
  guard: (req: FakeRequest, handler: FakeHandler) => Promise<FakeResponse>,
): void {
  const route = (
    method: string,
    path: string,
    handler: FakeHandler,
    options?: { creates: boolean },
  ) => server.route(method, path, (req) => guard(req, handler), options);
  const body = (req: FakeRequest) =>
    typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  const instance = (req: FakeRequest) => state.instances.get(req.params['id'] ?? '');
  const missing = () => vultrError(404, 'invalid instance ID');

  route('GET', '/v2/account', () =>
    json(200, {
      account: {
        name: 'Provider',
        email: 'provider@example.com',
        acls: ['manage_users', 'subscriptions', 'billing', 'provisioning'],
        balance: -50,
        pending_charges: 0,
        last_payment_date: '',
        last_payment_amount: 0,
      },
    }),
  );
  route('GET', '/v2/regions/:region/availability', (req) => {
    const plans = FAKE_VULTR_AVAILABILITY[req.params['region'] ?? ''];
    return plans === undefined
      ? vultrError(404, 'Invalid region.')
      : json(200, { available_plans: plans });
  });
  route('GET', '/v2/plans', (req) => {
    const type = req.query.get('type') ?? 'all';
    return vultrPage(
      req,
      'plans',
      FAKE_VULTR_PLANS.filter((p) => type === 'all' || p.type === type),
    );
  });
  route('GET', '/v2/os', (req) => vultrPage(req, 'os', FAKE_VULTR_OS));

  route('GET', '/v2/ssh-keys', (req) => vultrPage(req, 'ssh_keys', [...state.keys.values()]));
  route('POST', '/v2/ssh-keys', (req) => {
    const { name, ssh_key: sshKey } = body(req);
    if (typeof name !== 'string' || name === '') return badRequest('Missing name.');
    if (typeof sshKey !== 'string' || !KEY_LINE.test(sshKey.trim()))
      return badRequest('Invalid ssh_key: expected an OpenSSH public key line.');
    return json(201, { ssh_key: state.addKey(name, sshKey.trim()) });
  });
  route('DELETE', '/v2/ssh-keys/:id', (req) =>
    state.keys.delete(req.params['id'] ?? '')
      ? { status: 204 }
      : vultrError(404, 'Invalid SSH key ID.'),
  );

  route('GET', '/v2/instances', (req) => {
    const tag = req.query.get('tag');
    const label = req.query.get('label');
    const all = [...state.instances.values()].filter(
      (i) => (tag === null || i.tags.includes(tag)) && (label === null || i.label === label),
    );
    return vultrPage(req, 'instances', all.map(publicInstance));
  });
  route(
    'POST',
    '/v2/instances',
    (req) => {
      const b = body(req);
      const {
        region,
        plan,
        label = '',
        hostname,
        tags = [],
        os_id: osId,
        image_id: imageId,
        sshkey_id: keyIds = [],
        user_data: userData,
      } = b;
      const stock = typeof region === 'string' ? FAKE_VULTR_AVAILABILITY[region] : undefined;
      if (stock === undefined)
        return badRequest(`Invalid region: ${JSON.stringify(region ?? null)}.`);
      if (typeof plan !== 'string' || !FAKE_VULTR_PLANS.some((p) => p.id === plan))
        return badRequest(`Invalid plan: ${JSON.stringify(plan ?? null)}.`);
      if (!stock.includes(plan)) return badRequest('Plan is not available in the selected region.');
      const sources = ['os_id', 'iso_id', 'snapshot_id', 'app_id', 'image_id'].filter(
        (k) => b[k] !== undefined,
      );
      if (sources.length !== 1)
        return badRequest('Specify exactly one of os_id, iso_id, snapshot_id, app_id or image_id.');
      if (osId !== undefined && !FAKE_VULTR_OS.some((o) => o.id === osId))
        return badRequest(`Invalid os_id: ${JSON.stringify(osId)}.`);
      if (typeof label !== 'string') return badRequest('label must be a string.');
      if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
        return badRequest('tags must be an array of strings.');
      if (userData !== undefined && (typeof userData !== 'string' || !isBase64(userData)))
        return badRequest('user_data must be base64 encoded.');
      if (
        !Array.isArray(keyIds) ||
        !keyIds.every((k) => typeof k === 'string' && state.keys.has(k))
      )
        return badRequest(`Invalid SSH key ID in sshkey_id: ${JSON.stringify(keyIds)}.`);
      const created = state.addInstance({
        region: region as string,
        plan,
        label,
        hostname: typeof hostname === 'string' ? hostname : label,
        tags: tags as string[],
        ...(typeof osId === 'number' ? { osId } : {}),
        ...(typeof imageId === 'string' ? { imageId } : {}),
        userData: (userData as string | undefined) ?? null,
        sshKeyIds: keyIds as string[],
      });
      const fails = server.takeActionFailure();
      // A deploy the fake fails never becomes active: it ends in status "errored" (Vultr documents
      // no failed-deploy status; the provisioner treats anything but pending/active as failure).
      state.later(() =>
        fails
          ? Object.assign(created, { status: 'errored', server_status: 'locked' })
          : state.markDeployed(created),
      );
      return json(202, {
        instance: { ...publicInstance(created), default_password: FakeVultrState.password() },
      });
    },
    { creates: true },
  );
  route('GET', '/v2/instances/:id', (req) => {
    const i = instance(req);
    return i ? json(200, { instance: publicInstance(i) }) : missing();
  });
  route('DELETE', '/v2/instances/:id', (req) =>
    state.instances.delete(req.params['id'] ?? '') ? { status: 204 } : missing(),
  );
  route('POST', '/v2/instances/:id/halt', (req) => {
    const i = instance(req);
    if (i === undefined) return missing();
    state.later(() => {
      i.power_status = 'stopped';
    });
    return { status: 204 };
  });
  route('POST', '/v2/instances/:id/start', (req) => {
    const i = instance(req);
    if (i === undefined) return missing();
    state.later(() => {
      i.power_status = 'running';
    });
    return { status: 204 };
  });
}
