import { randomBytes, randomUUID } from 'node:crypto';
import type { VultrInstance, VultrSshKey } from '../../../providers/vultr/wire';
import { FAKE_VULTR_OS, FAKE_VULTR_PLANS } from './catalog';

/** An instance as the fake stores it: the wire shape plus what it was created with. */
export interface FakeVultrInstance extends VultrInstance {
  user_data: string | null;
  sshkey_ids: string[];
}

interface Transition {
  readonly at: number;
  readonly apply: () => void;
}

/**
 * The state of the fake Vultr account: instances and SSH keys, with deploys and power changes
 * that happen `delayMs` after they were asked for. Time moves lazily: every request first applies
 * what has become due, so no timers outlive a test.
 */
export class FakeVultrState {
  readonly instances = new Map<string, FakeVultrInstance>();
  readonly keys = new Map<string, VultrSshKey>();
  readonly #due: Transition[] = [];
  #nextIp = 10;

  constructor(readonly delayMs: number) {}

  /** Applies every transition that is due. */
  advance(now = Date.now()): void {
    for (let i = 0; i < this.#due.length; ) {
      const t = this.#due[i];
      if (t === undefined || t.at > now) {
        i++;
        continue;
      }
      this.#due.splice(i, 1);
      t.apply();
    }
  }

  /** Runs `apply` after the configured delay (on the next request after it). */
  later(apply: () => void): void {
    this.#due.push({ at: Date.now() + this.delayMs, apply });
  }

  /** Adds an instance (status `pending`, or `active` and running when `ready`). */
  addInstance(input: {
    region: string;
    plan: string;
    label: string;
    hostname?: string;
    tags: string[];
    osId?: number;
    imageId?: string;
    userData?: string | null;
    sshKeyIds?: string[];
    ready?: boolean;
  }): FakeVultrInstance {
    const plan = FAKE_VULTR_PLANS.find((p) => p.id === input.plan) ?? FAKE_VULTR_PLANS[0];
    if (plan === undefined) throw new Error('fake catalog is empty');
    const os = FAKE_VULTR_OS.find((o) => o.id === input.osId);
    const instance: FakeVultrInstance = {
      id: randomUUID(),
      os: os?.name ?? (input.imageId ? 'Application' : 'Custom Installed'),
      ram: plan.ram,
      disk: plan.disk,
      plan: plan.id,
      main_ip: '0.0.0.0',
      vcpu_count: plan.vcpu_count,
      region: input.region,
      date_created: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
      status: 'pending',
      power_status: 'stopped',
      server_status: 'none',
      v6_main_ip: '',
      label: input.label,
      hostname: input.hostname ?? input.label,
      os_id: input.osId ?? 0,
      image_id: input.imageId ?? '',
      tags: [...input.tags],
      user_data: input.userData ?? null,
      sshkey_ids: input.sshKeyIds ?? [],
    };
    if (input.ready) this.markDeployed(instance);
    this.instances.set(instance.id, instance);
    return instance;
  }

  /** What a finished deploy looks like: active, running, addresses assigned. */
  markDeployed(i: FakeVultrInstance): void {
    const n = this.#nextIp++;
    Object.assign(i, {
      status: 'active',
      power_status: 'running',
      server_status: 'ok',
      main_ip: `198.51.100.${n % 250}`,
      v6_main_ip: `2001:19f0:6c01:${n.toString(16)}::1`,
    });
  }

  /** A one-time root password, as in Vultr's create answer. */
  static password(): string {
    return randomBytes(12).toString('base64url');
  }

  addKey(name: string, sshKey: string): VultrSshKey {
    const key: VultrSshKey = {
      id: randomUUID(),
      date_created: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
      name,
      ssh_key: sshKey,
    };
    this.keys.set(key.id, key);
    return key;
  }
}
