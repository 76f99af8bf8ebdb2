import { ProvisionerError } from '../../errors';
import type { HCallOptions, HetznerApi, HImage, HLocation, HServerType } from './api';

/** What a request needs from the catalogue. */
export interface SizeNeed {
  readonly cpuCores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

/** A validated choice of where and what to build. */
export interface ServerPlan {
  readonly location: string;
  readonly serverType: HServerType;
  /** What to send as `image`: the name, or the id of a snapshot. */
  readonly image: string;
}

const describeType = (t: HServerType) =>
  `${t.name} (${t.architecture}, ${t.cores} cores, ${t.memoryGb} GB memory, ${t.diskGb} GB disk)`;
const describeNeed = (n: SizeNeed) =>
  `${n.cpuCores} cores, ${n.memoryMiB} MiB memory, ${n.diskGiB} GiB disk`;
const fits = (t: HServerType, n: SizeNeed) =>
  t.cores >= n.cpuCores && t.memoryGb * 1024 >= n.memoryMiB && t.diskGb >= n.diskGiB;
const invalid = (code: 'invalid_request' | 'invalid_config', message: string) =>
  new ProvisionerError(code, message, { retryable: false });

/** Checks that `location` is a Hetzner location. */
export function checkLocation(locations: readonly HLocation[], location: string): void {
  if (!locations.some((l) => l.name === location)) {
    throw invalid(
      'invalid_request',
      `location "${location}" does not exist at Hetzner; locations: ${locations.map((l) => l.name).join(', ')}`,
    );
  }
}

/**
 * The server type for a request: the named one after checking it exists, is sold in the
 * location and is not smaller than the offering; or, when none is named, the cheapest type of
 * the wanted architecture sold in the location that fits (ties: fewer cores).
 */
export function chooseServerType(
  types: readonly HServerType[],
  want: SizeNeed & {
    readonly location: string;
    readonly name?: string | undefined;
    readonly architecture: 'x86' | 'arm';
  },
): HServerType {
  if (want.name !== undefined) {
    const type = types.find((t) => t.name === want.name);
    if (type === undefined) {
      throw invalid(
        'invalid_config',
        `server type "${want.name}" does not exist at Hetzner; server types: ${types.map((t) => t.name).join(', ')}`,
      );
    }
    if (!type.monthlyNetByLocation.has(want.location)) {
      throw invalid(
        'invalid_request',
        `server type "${type.name}" is not sold in location "${want.location}"; it is sold in ${[...type.monthlyNetByLocation.keys()].join(', ') || 'no location'}`,
      );
    }
    if (!fits(type, want)) {
      throw invalid(
        'invalid_config',
        `server type ${describeType(type)} is smaller than the offering (${describeNeed(want)}); map the offering to a larger type`,
      );
    }
    return type;
  }
  const price = (t: HServerType) =>
    t.monthlyNetByLocation.get(want.location) ?? Number.POSITIVE_INFINITY;
  const candidates = types
    .filter(
      (t) =>
        !t.deprecated &&
        t.architecture === want.architecture &&
        t.monthlyNetByLocation.has(want.location) &&
        fits(t, want),
    )
    .sort((a, b) => price(a) - price(b) || a.cores - b.cores);
  const best = candidates[0];
  if (best === undefined) {
    const sold = types.filter(
      (t) =>
        !t.deprecated &&
        t.architecture === want.architecture &&
        t.monthlyNetByLocation.has(want.location),
    );
    throw invalid(
      'invalid_request',
      `no ${want.architecture} server type in "${want.location}" has ${describeNeed(want)}; sold there: ${sold.map(describeType).join(', ') || 'none'}`,
    );
  }
  return best;
}

/**
 * Caches the catalogue (server types, locations, image lookups) for `ttlMs`, one request in
 * flight per item, so a burst of provisions does not list server types once per contract.
 */
export class HetznerCatalog {
  readonly #api: HetznerApi;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { expires: number; value: Promise<unknown> }>();

  constructor(api: HetznerApi, ttlMs: number) {
    this.#api = api;
    this.#ttlMs = ttlMs;
  }

  serverTypes(o: HCallOptions = {}): Promise<HServerType[]> {
    return this.#cached('server_types', () => this.#api.listServerTypes(o));
  }

  locations(o: HCallOptions = {}): Promise<HLocation[]> {
    return this.#cached('locations', () => this.#api.listLocations(o));
  }

  /**
   * The image to send for `image` on `architecture`: a name with a build for that
   * architecture, or the id of an image of that architecture.
   */
  async image(image: string, architecture: 'x86' | 'arm', o: HCallOptions = {}): Promise<HImage> {
    if (/^\d+$/.test(image)) {
      const found = await this.#cached(`image-id:${image}`, () =>
        this.#api.getImage(Number(image), o),
      );
      if (found === null)
        throw invalid(
          'invalid_request',
          `image id ${image} does not exist in this Hetzner project`,
        );
      if (found.architecture !== null && found.architecture !== architecture) {
        throw invalid(
          'invalid_request',
          `image id ${image} is built for ${found.architecture}, but the server type is ${architecture}`,
        );
      }
      return found;
    }
    const found = await this.#cached(`image:${image}:${architecture}`, () =>
      this.#api.findImages({ name: image, architecture }, o),
    );
    const first = found[0];
    if (first !== undefined) return first;
    const other = architecture === 'x86' ? 'arm' : 'x86';
    const elsewhere = await this.#api.findImages({ name: image, architecture: other }, o);
    throw invalid(
      'invalid_request',
      elsewhere.length > 0
        ? `image "${image}" has no ${architecture} build (only ${other}); pick an ${other} server type or another image`
        : `image "${image}" does not exist at Hetzner (or is not available)`,
    );
  }

  /** Drops everything cached (a test, or after the provider changed the project). */
  clear(): void {
    this.#entries.clear();
  }

  #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.expires > now) return hit.value as Promise<T>;
    const value = load();
    this.#entries.set(key, { expires: now + this.#ttlMs, value });
    // A failed load is not cached: the next call tries again.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }
}
