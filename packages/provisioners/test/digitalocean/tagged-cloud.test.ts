import { describe, expect, it } from 'vitest';
import { ProvisionerError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { pickSize } from '../../src/providers/_tagged-cloud/pick-size';
import {
  provisionTagged,
  type TaggedCloud,
} from '../../src/providers/_tagged-cloud/provision-flow';
import {
  type CloudKey,
  ensureKeys,
  type KeyStore,
  keyNamePrefix,
} from '../../src/providers/_tagged-cloud/ssh-keys';
import {
  contractIdFromTags,
  contractTag,
  isManagedFor,
} from '../../src/providers/_tagged-cloud/tags';
import { testSshPublicKey } from '../../src/testing/fakes/digitalocean/test-key';
import { doRequest } from './helpers';

/** An in-memory key store; `beforeCreate` runs before each create (to simulate races). */
function memoryKeys(initial: CloudKey[] = []) {
  const keys = [...initial];
  let next = 100;
  const store: KeyStore & { keys: CloudKey[]; beforeCreate?: () => void; failCreateAt?: number } = {
    keys,
    list: async () => [...keys],
    create: async (name, publicKey) => {
      store.beforeCreate?.();
      if (store.failCreateAt === keys.length)
        throw new ProvisionerError('invalid_request', 'key refused');
      const key = { id: String(next++), name, publicKey };
      keys.push(key);
      return key;
    },
    remove: async (id) => {
      const i = keys.findIndex((k) => k.id === id);
      if (i >= 0) keys.splice(i, 1);
    },
  };
  return store;
}

describe('contract tags', () => {
  it('round-trip any contract id, in lower case, within 255 characters', () => {
    for (const id of ['0f3a9c2e1b7d4a5f', 'MixedCase_Id-0001', 'A'.repeat(121)]) {
      const tag = contractTag(id);
      expect(tag).toMatch(/^[a-z0-9_:-]{1,255}$/);
      expect(contractIdFromTags(['web', tag.toUpperCase()])).toBe(id);
      expect(isManagedFor(['dc-managed', tag], id)).toBe(true);
      expect(isManagedFor([tag], id)).toBe(false);
    }
    expect(contractTag('abc')).not.toBe(contractTag('ABC'));
  });

  it('refuses an id whose tag would pass 255 characters', () => {
    expect(() => contractTag('A'.repeat(122))).toThrow(/at most 255/);
  });

  it('ignores tags that are not contract tags', () => {
    expect(
      contractIdFromTags(['dc-managed', 'dc-contract-', 'dc-contract-a:1', 'env:prod']),
    ).toBeNull();
  });
});

describe('ensureKeys', () => {
  it('removes the keys it made when a later one fails', async () => {
    const store = memoryKeys();
    store.failCreateAt = 1;
    await expect(
      ensureKeys(store, 'contract-0001', [testSshPublicKey(), testSshPublicKey()]),
    ).rejects.toThrow('key refused');
    expect(store.keys).toEqual([]);
  });

  it('uses a key stored by a concurrent provision instead of failing', async () => {
    const key = testSshPublicKey('renter');
    const store = memoryKeys();
    store.beforeCreate = () => {
      store.keys.push({ id: 'other', name: `${keyNamePrefix('contract-other')}0`, publicKey: key });
      store.failCreateAt = store.keys.length;
    };
    const result = await ensureKeys(store, 'contract-0001', [
      key.replace('renter', 'other comment'),
    ]);
    expect(result).toEqual({ ids: ['other'], borrowed: ['other'] });
  });
});

describe('pickSize', () => {
  const sizes = [
    {
      id: 'big',
      vcpus: 4,
      memoryMiB: 8192,
      diskGiB: 160,
      monthlyPrice: 40,
      availableInRegion: true,
    },
    {
      id: 'small',
      vcpus: 1,
      memoryMiB: 1024,
      diskGiB: 25,
      monthlyPrice: 5,
      availableInRegion: false,
    },
    {
      id: 'mid',
      vcpus: 2,
      memoryMiB: 4096,
      diskGiB: 80,
      monthlyPrice: 20,
      availableInRegion: true,
    },
  ];
  it('takes the cheapest fitting size the region has', () => {
    expect(pickSize(sizes, { cpuCores: 1, memoryMiB: 1024, diskGiB: 20 }, 'x').id).toBe('mid');
  });
});

describe('provisionTagged', () => {
  type Server = { id: string };
  function cloud(overrides: Partial<Omit<TaggedCloud<Server, string, Server>, 'keys'>> = {}) {
    const servers: Server[] = [];
    const keys = memoryKeys();
    const c: TaggedCloud<Server, string, Server> & { servers: Server[]; keys: typeof keys } = {
      servers,
      keys,
      findByContract: async () => [...servers],
      prepare: async () => 'spec',
      create: async () => {
        const s = { id: `s${servers.length}` };
        servers.push(s);
        return s;
      },
      waitCreated: async (s) => s,
      waitAdopted: async (s) => s,
      destroy: async (s) => void servers.splice(servers.indexOf(s), 1),
      describe: (s) => ({
        externalId: s.id,
        provisioner: 'stub',
        contractId: 'c',
        status: 'running',
        ipv4: null,
        ipv6: null,
        sshPort: 22,
      }),
      ...overrides,
    };
    return c;
  }

  it('looks the keys up again when a borrowed key vanished before the create', async () => {
    const request = doRequest();
    let creates = 0;
    const c = cloud();
    c.keys.keys.push({
      id: 'borrowed',
      name: 'another contract',
      publicKey: request.sshPublicKeys[0] ?? '',
    });
    c.create = async (_spec, ids) => {
      creates += 1;
      if (ids.includes('borrowed')) {
        c.keys.keys.splice(0, 1); // the other contract removed its key meanwhile
        throw new ProvisionerError('invalid_request', 'ssh_keys: no SSH key "borrowed"');
      }
      const s = { id: 'ok' };
      c.servers.push(s);
      return s;
    };
    expect((await provisionTagged(c, request, silentLogger)).externalId).toBe('ok');
    expect(creates).toBe(2);
    expect(c.keys.keys).toEqual([]);
  });

  it('leaves the keys for adoption when the create answer is lost', async () => {
    const c = cloud({
      create: async () => Promise.reject(new ProvisionerError('network_error', 'socket hang up')),
    });
    await expect(provisionTagged(c, doRequest(), silentLogger)).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(c.keys.keys).toHaveLength(1);
  });

  it('does not delete a new server when the wait is aborted', async () => {
    const c = cloud({
      waitCreated: async () => Promise.reject(new ProvisionerError('aborted', 'operation aborted')),
    });
    await expect(provisionTagged(c, doRequest(), silentLogger)).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(c.servers).toHaveLength(1);
  });

  it('deletes server and keys when the wait fails, even if deleting the server fails', async () => {
    const c = cloud({
      waitCreated: async () => Promise.reject(new Error('boom')),
      destroy: async () => Promise.reject(new Error('delete failed')),
    });
    await expect(provisionTagged(c, doRequest(), silentLogger)).rejects.toMatchObject({
      code: 'upstream_error',
    });
    expect(c.keys.keys).toEqual([]);
  });
});
