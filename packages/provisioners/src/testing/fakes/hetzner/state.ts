import type { WireAction, WireServer, WireSshKey } from '../../../providers/hetzner/wire';

/** How long a fake action runs: a fixed time or a random time in a range, ms. */
export type ActionDelay = number | { readonly min: number; readonly max: number };

interface Pending {
  readonly action: WireAction;
  readonly dueAt: number;
  readonly fail: boolean | (() => boolean);
  readonly effect: (succeeded: boolean) => void;
}

/**
 * What the fake Hetzner project holds: servers, SSH keys, actions, and the action engine.
 * Actions finish lazily: every request first settles the actions whose time has come, so the
 * fake needs no timers and a test never waits on one left running.
 */
export class FakeHetznerState {
  readonly servers = new Map<number, WireServer>();
  readonly sshKeys = new Map<number, WireSshKey>();
  readonly actions = new Map<number, WireAction>();
  /** `user_data` each server was created with (the API never returns it). */
  readonly userData = new Map<number, string>();
  /** `server_type@location` pairs answered with `resource_unavailable` (sold out). */
  readonly soldOut = new Set<string>();
  actionDelay: ActionDelay;
  readonly #pending: Pending[] = [];
  readonly #takeActionFailure: () => boolean;
  #serverId = 4_200_000;
  #keyId = 18_000_000;
  #actionId = 730_000_000;
  #address = 0;

  constructor(actionDelay: ActionDelay, takeActionFailure: () => boolean) {
    this.actionDelay = actionDelay;
    this.#takeActionFailure = takeActionFailure;
  }

  nextServerId(): number {
    return ++this.#serverId;
  }

  nextSshKeyId(): number {
    return ++this.#keyId;
  }

  /** A public IPv4 from the documentation ranges (never a reachable address) and an IPv6 /64. */
  nextAddresses(): { ipv4: string; ipv6: string } {
    const n = this.#address++;
    const ranges = ['203.0.113', '198.51.100', '192.0.2'];
    return {
      ipv4: `${ranges[Math.floor(n / 254) % ranges.length]}.${(n % 254) + 1}`,
      ipv6: `2001:db8:${(n + 1).toString(16)}::/64`,
    };
  }

  /**
   * Starts an action on `resources`; `effect(succeeded)` changes the state when it ends. The
   * action fails when the fault `failActionNext` is armed, or, when `failWhen` is given
   * (an action chained to another), when it says so at the end.
   */
  startAction(
    command: string,
    resources: WireAction['resources'],
    effect: (succeeded: boolean) => void,
    failWhen?: () => boolean,
  ): WireAction {
    const now = Date.now();
    const action: WireAction = {
      id: ++this.#actionId,
      command,
      status: 'running',
      progress: 0,
      started: new Date(now).toISOString(),
      finished: null,
      resources,
      error: null,
    };
    this.actions.set(action.id, action);
    const fail = failWhen ?? this.#takeActionFailure();
    let dueAt = now + this.#delay();
    if (failWhen !== undefined) {
      // A chained action never ends before the one it follows (the last one started on the same
      // resources), whatever the random delays and the wall clock do meanwhile.
      const same = (p: Pending) =>
        p.action.resources.some((r) => resources.some((o) => o.id === r.id && o.type === r.type));
      const previous = [...this.#pending].reverse().find(same);
      if (previous !== undefined) dueAt = Math.max(dueAt, previous.dueAt);
    }
    this.#pending.push({ action, dueAt, fail, effect });
    return action;
  }

  /** Ends every action whose time has come, in start order. */
  settle(now: number = Date.now()): void {
    if (this.#pending.length === 0) return;
    const still: Pending[] = [];
    for (const p of this.#pending) {
      if (p.dueAt > now) {
        still.push(p);
        continue;
      }
      const fail = typeof p.fail === 'function' ? p.fail() : p.fail;
      p.action.status = fail ? 'error' : 'success';
      p.action.progress = 100;
      p.action.finished = new Date(now).toISOString();
      if (fail)
        p.action.error = { code: 'action_failed', message: `Action failed (${p.action.command})` };
      p.effect(!fail);
    }
    this.#pending.length = 0;
    this.#pending.push(...still);
  }

  /** Whether an action is still running on a server (the API answers `locked` then). */
  isLocked(serverId: number): boolean {
    return this.#pending.some((p) =>
      p.action.resources.some((r) => r.type === 'server' && r.id === serverId),
    );
  }

  #delay(): number {
    const d = this.actionDelay;
    return typeof d === 'number' ? d : d.min + Math.random() * (d.max - d.min);
  }
}
