import { json } from '../../fake-server';
import { FakeHetznerError } from './api-error';
import { FAKE_IMAGES, FAKE_LOCATIONS, FAKE_SERVER_TYPES } from './catalog';
import { paginate } from './paginate';
import { idParam, type RegisterRoute, type RouteContext, selectByLabels } from './route';

/** `GET /server_types`, `/locations`, `/images` (and `/{id}` of each), read-only. */
export function registerCatalogRoutes(route: RegisterRoute, ctx: RouteContext): void {
  route('GET', '/server_types', (req) => {
    const name = req.query.get('name');
    const { items, meta } = paginate(
      FAKE_SERVER_TYPES.filter((t) => name === null || t.name === name),
      req.query,
      ctx.maxPerPage(),
    );
    return json(200, { server_types: items, meta });
  });
  route('GET', '/server_types/:id', (req) => {
    const id = idParam(req, 'server_type');
    const found = FAKE_SERVER_TYPES.find((t) => t.id === id);
    if (!found) throw new FakeHetznerError('not_found', 'server_type not found');
    return json(200, { server_type: found });
  });

  route('GET', '/locations', (req) => {
    const name = req.query.get('name');
    const { items, meta } = paginate(
      FAKE_LOCATIONS.filter((l) => name === null || l.name === name),
      req.query,
      ctx.maxPerPage(),
    );
    return json(200, { locations: items, meta });
  });
  route('GET', '/locations/:id', (req) => {
    const id = idParam(req, 'location');
    const found = FAKE_LOCATIONS.find((l) => l.id === id);
    if (!found) throw new FakeHetznerError('not_found', 'location not found');
    return json(200, { location: found });
  });

  route('GET', '/images', (req) => {
    const q = req.query;
    const types = q.getAll('type');
    const statuses = q.getAll('status');
    const name = q.get('name');
    const architecture = q.get('architecture');
    const includeDeprecated = q.get('include_deprecated') === 'true';
    const filtered = selectByLabels(FAKE_IMAGES, q).filter(
      (i) =>
        (types.length === 0 || types.includes(i.type)) &&
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (name === null || i.name === name) &&
        (architecture === null || i.architecture === architecture) &&
        (includeDeprecated || i.deprecated === null),
    );
    const { items, meta } = paginate(filtered, q, ctx.maxPerPage());
    return json(200, { images: items, meta });
  });
  route('GET', '/images/:id', (req) => {
    const id = idParam(req, 'image');
    const found = FAKE_IMAGES.find((i) => i.id === id);
    if (!found) throw new FakeHetznerError('not_found', 'image not found');
    return json(200, { image: found });
  });
}
