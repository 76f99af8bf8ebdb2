import type { FakeHandler, FakeHttpServer, FakeRequest, FakeResponse } from '../../fake-server';
import { json } from '../../fake-server';
import { FAKE_DO_IMAGES, FAKE_DO_REGIONS, FAKE_DO_SIZES } from './catalog';
import { type FakeDoState, fingerprint } from './state';

/** DigitalOcean's error body. */
export const doError = (status: number, id: string, message: string): FakeResponse =>
  json(status, { id, message });

const notFound = () =>
  doError(404, 'not_found', 'The resource you were accessing could not be found.');
const unprocessable = (message: string) => doError(422, 'unprocessable_entity', message);

const TAG = /^[a-zA-Z0-9_:-]{1,255}$/;
const HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,253}[a-zA-Z0-9])?$/;
const KEY_LINE =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/;

/**
 * One page of a list with DigitalOcean's `links.pages` (absolute URLs keeping the query) and
 * `meta.total`; `per_page` defaults to 20 and is capped at 200 as in the real API.
 */
export function doPage<T>(
  req: FakeRequest,
  base: string,
  key: string,
  all: readonly T[],
): Record<string, unknown> {
  const perPage = Math.min(200, Math.max(1, Number(req.query.get('per_page') ?? 20) || 20));
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const page = Math.min(Math.max(1, Number(req.query.get('page') ?? 1) || 1), last + 1);
  const link = (p: number) => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `${base}${req.path.replace(/^\/v2/, '')}?${q}`;
  };
  const pages: Record<string, string> = {};
  if (page > 1) Object.assign(pages, { first: link(1), prev: link(page - 1) });
  if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) });
  return {
    [key]: all.slice((page - 1) * perPage, page * perPage),
    links: { pages },
    meta: { total: all.length },
  };
}

function publicDroplet(d: object): object {
  const { user_data: _u, ssh_key_ids: _k, ...wire } = d as Record<string, unknown>;
  return wire;
}

/** Registers the DigitalOcean API v2 routes the provisioner uses, with the real paths and shapes. */
export function registerDoRoutes(
  server: FakeHttpServer,
  state: FakeDoState,
  base: () => string,
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
  const droplet = (req: FakeRequest) => state.droplets.get(Number(req.params['id']));

  route('GET', '/v2/account', () =>
    json(200, {
      account: {
        droplet_limit: state.dropletLimit,
        floating_ip_limit: 3,
        email: 'provider@example.com',
        uuid: 'b6fr89dbf6d9156cace5f3c78dc9851d957381ef',
        email_verified: true,
        status: 'active',
        status_message: '',
      },
    }),
  );
  route('GET', '/v2/regions', (req) => json(200, doPage(req, base(), 'regions', FAKE_DO_REGIONS)));
  route('GET', '/v2/sizes', (req) => json(200, doPage(req, base(), 'sizes', FAKE_DO_SIZES)));
  route('GET', '/v2/images/:id', (req) => {
    const image = FAKE_DO_IMAGES.find(
      (i) => i.slug === req.params['id'] || String(i.id) === req.params['id'],
    );
    return image
      ? json(200, {
          image: {
            ...image,
            public: true,
            type: 'base',
            regions: FAKE_DO_REGIONS.map((r) => r.slug),
            status: 'available',
          },
        })
      : notFound();
  });

  route('GET', '/v2/account/keys', (req) =>
    json(200, doPage(req, base(), 'ssh_keys', [...state.keys.values()])),
  );
  route('POST', '/v2/account/keys', (req) => {
    const { name, public_key: publicKey } = body(req);
    if (typeof name !== 'string' || name === '') return unprocessable('name is required');
    if (typeof publicKey !== 'string' || !KEY_LINE.test(publicKey.trim()))
      return unprocessable(
        "Key invalid type, we support 'ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp' and 'ssh-ed25519'",
      );
    const fp = fingerprint(publicKey);
    if ([...state.keys.values()].some((k) => k.fingerprint === fp))
      return unprocessable('SSH Key is already in use on your account');
    return json(201, { ssh_key: state.addKey(name, publicKey.trim()) });
  });
  route('DELETE', '/v2/account/keys/:id', (req) => {
    const key = [...state.keys.values()].find(
      (k) => String(k.id) === req.params['id'] || k.fingerprint === req.params['id'],
    );
    if (key === undefined) return notFound();
    state.keys.delete(key.id);
    return { status: 204 };
  });

  route('GET', '/v2/droplets', (req) => {
    const tag = req.query.get('tag_name');
    const all = [...state.droplets.values()].filter(
      (d) => tag === null || d.tags.some((t) => t.toLowerCase() === tag.toLowerCase()),
    );
    const page = doPage(req, base(), 'droplets', all.map(publicDroplet));
    return json(200, page);
  });
  route(
    'POST',
    '/v2/droplets',
    (req) => {
      const b = body(req);
      if ('names' in b) return unprocessable('the fake creates one droplet per request; send name');
      const {
        name,
        region,
        size,
        image,
        ssh_keys: sshKeys = [],
        tags = [],
        user_data: userData,
      } = b;
      if (typeof name !== 'string' || !HOSTNAME.test(name))
        return unprocessable('name is not a valid hostname: use only a-z, A-Z, 0-9, . and -');
      const r = FAKE_DO_REGIONS.find((x) => x.slug === region);
      if (r === undefined) return unprocessable(`region is invalid: "${String(region)}"`);
      if (!r.available) return unprocessable(`Region ${r.slug} is not available for new droplets.`);
      if (typeof size !== 'string' || !FAKE_DO_SIZES.some((s) => s.slug === size))
        return unprocessable(`size is invalid: "${String(size)}"`);
      if (!r.sizes.includes(size)) return unprocessable('Size is not available in this region.');
      if (!FAKE_DO_IMAGES.some((i) => i.slug === image || i.id === image))
        return unprocessable('You specified an invalid image for Droplet creation.');
      if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && TAG.test(t)))
        return unprocessable(
          'tags: tag names may contain letters, numbers, colons, dashes and underscores, at most 255 characters',
        );
      if (
        userData !== undefined &&
        (typeof userData !== 'string' || Buffer.byteLength(userData) > 64 * 1024)
      )
        return unprocessable('user_data must be a string of at most 64 KiB');
      if (!Array.isArray(sshKeys))
        return unprocessable('ssh_keys must be an array of key ids or fingerprints');
      const keyIds: number[] = [];
      for (const ref of sshKeys) {
        const key = [...state.keys.values()].find((k) => k.id === ref || k.fingerprint === ref);
        if (key === undefined)
          return unprocessable(`ssh_keys: no SSH key ${JSON.stringify(ref)} in this account`);
        keyIds.push(key.id);
      }
      if (state.droplets.size >= state.dropletLimit)
        return unprocessable('creating this/these droplet(s) will exceed your droplet limit');
      const d = state.addDroplet({
        name,
        region: r.slug,
        size,
        image: image as string | number,
        tags: tags as string[],
        userData: (userData as string | undefined) ?? null,
        sshKeyIds: keyIds,
      });
      const action = state.startAction(
        d,
        'create',
        () => {
          d.status = 'active';
          state.assignNetworks(d);
        },
        server.takeActionFailure(),
      );
      return json(202, {
        droplet: publicDroplet(d),
        links: {
          actions: [{ id: action.id, rel: 'create', href: `${base()}/actions/${action.id}` }],
        },
      });
    },
    { creates: true },
  );
  route('GET', '/v2/droplets/:id', (req) => {
    const d = droplet(req);
    return d ? json(200, { droplet: publicDroplet(d) }) : notFound();
  });
  route('DELETE', '/v2/droplets/:id', (req) => {
    const d = droplet(req);
    if (d === undefined) return notFound();
    state.droplets.delete(d.id);
    return { status: 204 };
  });
  route('GET', '/v2/droplets/:id/actions', (req) => {
    const d = droplet(req);
    if (d === undefined) return notFound();
    const actions = [...state.actions.values()].filter((a) => a.resource_id === d.id).reverse();
    return json(200, doPage(req, base(), 'actions', actions));
  });
  route('POST', '/v2/droplets/:id/actions', (req) => {
    const d = droplet(req);
    if (d === undefined) return notFound();
    const { type } = body(req);
    if (type === 'power_off') {
      if (d.status === 'off') return unprocessable('Droplet is already powered off.');
      return json(201, {
        action: state.startAction(d, 'power_off', () => {
          d.status = 'off';
        }),
      });
    }
    if (type === 'power_on') {
      if (d.status === 'active') return unprocessable('Droplet is already powered on.');
      return json(201, {
        action: state.startAction(d, 'power_on', () => {
          d.status = 'active';
        }),
      });
    }
    return unprocessable(
      `type is invalid: "${String(type)}"; the fake supports power_on and power_off`,
    );
  });
  route('GET', '/v2/actions/:id', (req) => {
    const action = state.actions.get(Number(req.params['id']));
    return action ? json(200, { action }) : notFound();
  });
}
