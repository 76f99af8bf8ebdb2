/**
 * The Vultr API v2 JSON shapes this provisioner reads and writes (a subset of the published
 * reference, www.vultr.com/api, as used by the official govultr client), kept apart from the
 * domain types.
 */

/**
 * An instance (`GET /v2/instances/{id}` → `instance`). `status` is `pending`, `active`,
 * `suspended` or `resizing`; `power_status` `running` or `stopped`; `server_status` `none`,
 * `locked`, `installingbooting` or `ok`. `default_password` is only in the create answer.
 */
export interface VultrInstance {
  id: string;
  os: string;
  ram: number;
  disk: number;
  plan: string;
  main_ip: string;
  vcpu_count: number;
  region: string;
  default_password?: string;
  date_created: string;
  status: string;
  power_status: string;
  server_status: string;
  v6_main_ip: string;
  label: string;
  hostname: string;
  os_id: number;
  image_id: string;
  tags: string[];
}

/** `meta` of every list: cursor pagination (`links.next` is `""` on the last page). */
export interface VultrMeta {
  total: number;
  links: { next: string; prev: string };
}

/** `POST /v2/instances` body. `user_data` is base64, `sshkey_id` a list of key ids. */
export interface VultrCreateInstance {
  region: string;
  plan: string;
  label: string;
  hostname: string;
  tags: string[];
  os_id?: number;
  image_id?: string;
  sshkey_id: string[];
  user_data: string;
  enable_ipv6: boolean;
  backups: 'disabled';
  activation_email: boolean;
}

/** An account SSH key (`/v2/ssh-keys`). */
export interface VultrSshKey {
  id: string;
  date_created: string;
  name: string;
  ssh_key: string;
}

/** A plan (`GET /v2/plans`); `ram` is MiB, `disk` GiB, `locations` where it is sold at all. */
export interface VultrPlan {
  id: string;
  vcpu_count: number;
  ram: number;
  disk: number;
  disk_count: number;
  bandwidth: number;
  monthly_cost: number;
  type: string;
  locations: string[];
}

/** An operating system (`GET /v2/os`). */
export interface VultrOs {
  id: number;
  name: string;
  arch: string;
  family: string;
}

/** `GET /v2/account` → `account`. */
export interface VultrAccount {
  name: string;
  email: string;
  acls: string[];
  balance: number;
  pending_charges: number;
}

/** Every error body: `{"error": "...", "status": 400}`. */
export interface VultrError {
  error: string;
  status: number;
}
