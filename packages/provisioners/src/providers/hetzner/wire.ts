/**
 * The Hetzner Cloud API v1 JSON shapes this package reads and writes (from Hetzner's published
 * OpenAPI document), kept apart from the provisioner's own types. Only the fields used here and
 * by the fake are listed; the real API sends more.
 */

/** `meta.pagination` of every list response. */
export interface WirePagination {
  page: number;
  per_page: number;
  previous_page: number | null;
  next_page: number | null;
  last_page: number | null;
  total_entries: number | null;
}

/** `meta` of every list response. */
export interface WireMeta {
  pagination: WirePagination;
}

/** The body of every error response. */
export interface WireErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** `invalid_input` / `uniqueness_error` details: which fields were wrong. */
export interface WireFieldDetails {
  fields: { name: string; messages?: string[] }[];
}

/** An asynchronous action (`GET /actions/{id}`). */
export interface WireAction {
  id: number;
  command: string;
  status: 'running' | 'success' | 'error';
  progress: number;
  started: string;
  finished: string | null;
  resources: { id: number; type: string }[];
  error: { code: string; message: string } | null;
}

/** Labels of a resource. */
export type WireLabels = Record<string, string>;

/** A location (`GET /locations`). */
export interface WireLocation {
  id: number;
  name: string;
  description: string;
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  network_zone: string;
}

/** One location's price of a server type. */
export interface WirePricePerTime {
  location: string;
  price_hourly: { net: string; gross: string };
  price_monthly: { net: string; gross: string };
  included_traffic: number;
  price_per_tb_traffic: { net: string; gross: string };
}

/** A server type (`GET /server_types`); `prices[].location` lists where it is sold. */
export interface WireServerType {
  id: number;
  name: string;
  description: string;
  cores: number;
  /** GB. */
  memory: number;
  /** GB. */
  disk: number;
  deprecated: boolean | null;
  deprecation: { announced: string; unavailable_after: string } | null;
  prices: WirePricePerTime[];
  storage_type: 'local' | 'network';
  cpu_type: 'shared' | 'dedicated';
  architecture: 'x86' | 'arm';
  included_traffic: number | null;
}

/** An image (`GET /images`). System images exist once per architecture under the same name. */
export interface WireImage {
  id: number;
  type: 'system' | 'app' | 'snapshot' | 'backup' | 'temporary';
  status: 'available' | 'creating' | 'unavailable';
  name: string | null;
  description: string;
  image_size: number | null;
  disk_size: number;
  created: string;
  created_from: { id: number; name: string } | null;
  bound_to: number | null;
  os_flavor: string;
  os_version: string | null;
  rapid_deploy: boolean;
  protection: { delete: boolean };
  deprecated: string | null;
  deleted: string | null;
  labels: WireLabels;
  architecture: 'x86' | 'arm';
}

/** A datacenter, as embedded in a server. */
export interface WireDatacenter {
  id: number;
  name: string;
  description: string;
  location: WireLocation;
  server_types: { supported: number[]; available: number[]; available_for_migration: number[] };
}

/** A server (`GET /servers/{id}`). */
export interface WireServer {
  id: number;
  name: string;
  status:
    | 'initializing'
    | 'starting'
    | 'running'
    | 'stopping'
    | 'off'
    | 'deleting'
    | 'migrating'
    | 'rebuilding'
    | 'unknown';
  created: string;
  public_net: {
    ipv4: { id?: number; ip: string; blocked: boolean; dns_ptr: string } | null;
    ipv6: {
      id?: number;
      ip: string;
      blocked: boolean;
      dns_ptr: { ip: string; dns_ptr: string }[] | null;
    } | null;
    floating_ips: number[];
    firewalls: { id: number; status: 'applied' | 'pending' }[];
  };
  private_net: { network: number; ip: string; alias_ips: string[]; mac_address: string }[];
  server_type: WireServerType;
  datacenter: WireDatacenter;
  image: WireImage | null;
  iso: null;
  rescue_enabled: boolean;
  locked: boolean;
  backup_window: string | null;
  outgoing_traffic: number | null;
  ingoing_traffic: number | null;
  included_traffic: number | null;
  protection: { delete: boolean; rebuild: boolean };
  labels: WireLabels;
  volumes: number[];
  load_balancers: number[];
  primary_disk_size: number;
  placement_group: null;
}

/** An SSH key (`GET /ssh_keys`); `fingerprint` is the MD5 of the key blob, colon-separated hex. */
export interface WireSshKey {
  id: number;
  name: string;
  fingerprint: string;
  public_key: string;
  labels: WireLabels;
  created: string;
}

/** `POST /servers` body (the fields used here). */
export interface WireCreateServerRequest {
  name: string;
  server_type: string;
  image: string;
  location?: string;
  datacenter?: string;
  start_after_create?: boolean;
  ssh_keys?: (number | string)[];
  user_data?: string;
  labels?: WireLabels;
  public_net?: { enable_ipv4?: boolean; enable_ipv6?: boolean };
}

/** `POST /servers` response. `root_password` is set only when no SSH key was given. */
export interface WireCreateServerResponse {
  server: WireServer;
  action: WireAction;
  next_actions: WireAction[];
  root_password: string | null;
}

/** `POST /ssh_keys` body. */
export interface WireCreateSshKeyRequest {
  name: string;
  public_key: string;
  labels?: WireLabels;
}

/** `POST /servers/{id}/actions/reset_password` response. */
export interface WireResetPasswordResponse {
  action: WireAction;
  root_password: string;
}
