import { sshKeyMd5Fingerprint } from '../../../providers/hetzner/ssh-fingerprint';
import type { WireSshKey } from '../../../providers/hetzner/wire';
import { json } from '../../fake-server';
import { FakeHetznerError, invalidInput } from './api-error';
import { paginate } from './paginate';
import {
  idParam,
  labelsField,
  objectBody,
  type RegisterRoute,
  type RouteContext,
  selectByLabels,
} from './route';

/** `/ssh_keys`: list (name, fingerprint, label_selector), get, create, delete. */
export function registerSshKeyRoutes(route: RegisterRoute, ctx: RouteContext): void {
  const { state } = ctx;

  route('GET', '/ssh_keys', (req) => {
    const name = req.query.get('name');
    const fingerprint = req.query.get('fingerprint');
    const filtered = selectByLabels([...state.sshKeys.values()], req.query).filter(
      (k) =>
        (name === null || k.name === name) &&
        (fingerprint === null || k.fingerprint === fingerprint),
    );
    const { items, meta } = paginate(filtered, req.query, ctx.maxPerPage());
    return json(200, { ssh_keys: items, meta });
  });

  route('GET', '/ssh_keys/:id', (req) => {
    const key = state.sshKeys.get(idParam(req, 'ssh_key'));
    if (!key) throw new FakeHetznerError('not_found', 'ssh_key not found');
    return json(200, { ssh_key: key });
  });

  route('POST', '/ssh_keys', (req) => {
    const body = objectBody(req);
    const { name, public_key: publicKey, labels: rawLabels } = body;
    if (typeof name !== 'string' || name === '' || name.length > 64)
      throw invalidInput('invalid input in field name', { name: 'must be 1-64 characters' });
    if (typeof publicKey !== 'string')
      throw invalidInput('invalid input in field public_key', { public_key: 'is required' });
    const fingerprint = sshKeyMd5Fingerprint(publicKey);
    if (fingerprint === null)
      throw invalidInput('invalid input in field public_key', {
        public_key: 'is not a valid SSH public key',
      });
    const labels = labelsField(rawLabels);
    for (const other of state.sshKeys.values()) {
      if (other.name === name)
        throw new FakeHetznerError(
          'uniqueness_error',
          'SSH key with the same name already exists',
          { fields: [{ name: 'name' }] },
        );
      if (other.fingerprint === fingerprint) {
        throw new FakeHetznerError(
          'uniqueness_error',
          'SSH key with the same fingerprint already exists',
          { fields: [{ name: 'public_key' }] },
        );
      }
    }
    const key: WireSshKey = {
      id: state.nextSshKeyId(),
      name,
      fingerprint,
      public_key: publicKey.trim(),
      labels,
      created: new Date().toISOString(),
    };
    state.sshKeys.set(key.id, key);
    return json(201, { ssh_key: key });
  });

  route('DELETE', '/ssh_keys/:id', (req) => {
    const id = idParam(req, 'ssh_key');
    if (!state.sshKeys.delete(id)) throw new FakeHetznerError('not_found', 'ssh_key not found');
    return { status: 204 };
  });
}
