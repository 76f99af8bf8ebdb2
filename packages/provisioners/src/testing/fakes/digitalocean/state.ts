import { createHash } from 'node:crypto';
import type { DoAction, DoDroplet, DoSshKey } from '../../../providers/digitalocean/wire';
import { FAKE_DO_IMAGES, FAKE_DO_REGIONS, FAKE_DO_SIZES } from './catalog';

/** A droplet as the fake stores it: the wire shape plus the user data it was given. */
export interface FakeDroplet extends DoDroplet {
  user_data: string | null;
  ssh_key_ids: number[];
}

interface PendingAction {
  readonly action: DoAction;
  readonly completesAt: number;
  readonly fails: boolean;
  readonly effect: () => void;
}

/**
 * The state of the fake DigitalOcean account: droplets, actions, SSH keys and tags, with actions
 * that finish `actionDelayMs` after they start. Time moves lazily: every request first applies
 * what has become due, so no timers outlive a test.
 */
export class FakeDoState {
  readonly droplets = new Map<number, FakeDroplet>();
  readonly actions = new Map<number, DoAction>();
  readonly keys = new Map<number, DoSshKey>();
  dropletLimit = 25;
  readonly #pending: PendingAction[] = [];
  // Tags are case-stable: the first spelling used is the canonical one from then on.
  readonly #tagCanon = new Map<string, string>();
  #nextId = 3_100_000;
  #nextIp = 10;

  constructor(readonly actionDelayMs: number) {}

  id(): number {
    this.#nextId += 1 + Math.floor(Math.random() * 3);
    return this.#nextId;
  }

  /** Applies every action that is due. */
  advance(now = Date.now()): void {
    for (let i = 0; i < this.#pending.length; ) {
      const p = this.#pending[i];
      if (p === undefined || p.completesAt > now) {
        i++;
        continue;
      }
      this.#pending.splice(i, 1);
      p.action.status = p.fails ? 'errored' : 'completed';
      p.action.completed_at = new Date(p.completesAt).toISOString();
      if (!p.fails) p.effect();
    }
  }

  /** Starts an action on a droplet that applies `effect` when it completes. */
  startAction(droplet: FakeDroplet, type: string, effect: () => void, fails = false): DoAction {
    const action: DoAction = {
      id: this.id(),
      status: 'in-progress',
      type,
      started_at: new Date().toISOString(),
      completed_at: null,
      resource_id: droplet.id,
      resource_type: 'droplet',
      region_slug: droplet.region.slug,
    };
    this.actions.set(action.id, action);
    this.#pending.push({ action, completesAt: Date.now() + this.actionDelayMs, fails, effect });
    return action;
  }

  canonicalTag(tag: string): string {
    const key = tag.toLowerCase();
    const known = this.#tagCanon.get(key);
    if (known !== undefined) return known;
    this.#tagCanon.set(key, tag);
    return tag;
  }

  /** Adds a droplet in status `new` (or the given one) with the wire shape of the real API. */
  addDroplet(input: {
    name: string;
    region: string;
    size: string;
    image: string | number;
    tags: string[];
    userData?: string | null;
    sshKeyIds?: number[];
    status?: DoDroplet['status'];
  }): FakeDroplet {
    const size = FAKE_DO_SIZES.find((s) => s.slug === input.size) ?? FAKE_DO_SIZES[0];
    const region = FAKE_DO_REGIONS.find((r) => r.slug === input.region) ?? FAKE_DO_REGIONS[0];
    const image =
      FAKE_DO_IMAGES.find((i) => i.slug === input.image || i.id === input.image) ??
      FAKE_DO_IMAGES[0];
    if (size === undefined || region === undefined) throw new Error('fake catalog is empty');
    const droplet: FakeDroplet = {
      id: this.id(),
      name: input.name,
      memory: size.memory,
      vcpus: size.vcpus,
      disk: size.disk,
      locked: false,
      status: input.status ?? 'new',
      created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      size_slug: size.slug,
      region: { slug: region.slug, name: region.name },
      image: { id: image.id, slug: image.slug, name: image.name },
      networks: { v4: [], v6: [] },
      tags: input.tags.map((t) => this.canonicalTag(t)),
      user_data: input.userData ?? null,
      ssh_key_ids: input.sshKeyIds ?? [],
    };
    if (droplet.status !== 'new') this.assignNetworks(droplet);
    this.droplets.set(droplet.id, droplet);
    return droplet;
  }

  /** Gives a droplet its public addresses (DigitalOcean assigns them while creating). */
  assignNetworks(droplet: FakeDroplet): void {
    const n = this.#nextIp++;
    droplet.networks = {
      v4: [
        {
          ip_address: `10.110.0.${n % 250}`,
          netmask: '255.255.240.0',
          gateway: '',
          type: 'private',
        },
        {
          ip_address: `203.0.113.${n % 250}`,
          netmask: '255.255.240.0',
          gateway: '203.0.113.1',
          type: 'public',
        },
      ],
      v6: [
        {
          ip_address: `2a03:b0c0:3:d0::${n.toString(16)}:1`,
          netmask: 64,
          gateway: '2a03:b0c0:3:d0::1',
          type: 'public',
        },
      ],
    };
  }

  addKey(name: string, publicKey: string): DoSshKey {
    const key: DoSshKey = {
      id: this.id(),
      fingerprint: fingerprint(publicKey),
      public_key: publicKey,
      name,
    };
    this.keys.set(key.id, key);
    return key;
  }
}

/** MD5 fingerprint of an OpenSSH public key, as DigitalOcean shows it (`aa:bb:...`). */
export function fingerprint(publicKey: string): string {
  const body = publicKey.trim().split(/\s+/)[1] ?? '';
  const md5 = createHash('md5').update(Buffer.from(body, 'base64')).digest('hex');
  return md5.match(/../g)?.join(':') ?? md5;
}
