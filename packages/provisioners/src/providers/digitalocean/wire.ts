/**
 * The DigitalOcean API v2 JSON shapes this provisioner reads and writes (a subset of the
 * published OpenAPI spec, github.com/digitalocean/openapi), kept apart from the domain types.
 */

/** `GET /v2/droplets/{id}` → `droplet`. Status is `new`, `active`, `off` or `archive`. */
export interface DoDroplet {
  id: number;
  name: string;
  memory: number;
  vcpus: number;
  disk: number;
  locked: boolean;
  status: 'new' | 'active' | 'off' | 'archive';
  created_at: string;
  size_slug: string;
  region: { slug: string; name: string };
  image: { id: number; slug: string | null; name: string };
  networks: {
    v4: { ip_address: string; netmask: string; gateway: string; type: 'public' | 'private' }[];
    v6: { ip_address: string; netmask: number; gateway: string; type: 'public' }[];
  };
  tags: string[];
}

/** An action (`GET /v2/actions/{id}` → `action`). */
export interface DoAction {
  id: number;
  status: 'in-progress' | 'completed' | 'errored';
  type: string;
  started_at: string;
  completed_at: string | null;
  resource_id: number;
  resource_type: string;
  region_slug: string | null;
}

/** `links.pages` and `meta` of every list. `next` is an absolute URL with `page`. */
export interface DoPage {
  links?: { pages?: { next?: string; last?: string; first?: string; prev?: string } };
  meta: { total: number };
}

/** `POST /v2/droplets` body (single droplet). */
export interface DoCreateDroplet {
  name: string;
  region: string;
  size: string;
  image: string | number;
  ssh_keys: (number | string)[];
  ipv6: boolean;
  monitoring: boolean;
  tags: string[];
  user_data: string;
}

/** `POST /v2/droplets` → 202. */
export interface DoCreateDropletResponse {
  droplet: DoDroplet;
  links: { actions: { id: number; rel: string; href: string }[] };
}

/** An account SSH key (`/v2/account/keys`). */
export interface DoSshKey {
  id: number;
  fingerprint: string;
  public_key: string;
  name: string;
}

/** A region (`GET /v2/regions`). */
export interface DoRegion {
  slug: string;
  name: string;
  available: boolean;
  sizes: string[];
  features: string[];
}

/** A size (`GET /v2/sizes`). `memory` is MiB, `disk` GiB. */
export interface DoSize {
  slug: string;
  memory: number;
  vcpus: number;
  disk: number;
  price_monthly: number;
  available: boolean;
  regions: string[];
}

/** `GET /v2/account` → `account`. */
export interface DoAccount {
  droplet_limit: number;
  email: string;
  uuid: string;
  status: 'active' | 'warning' | 'locked';
  status_message: string;
}

/** Every error body: `{"id": "not_found", "message": "..."}`. */
export interface DoError {
  id: string;
  message: string;
  request_id?: string;
}
