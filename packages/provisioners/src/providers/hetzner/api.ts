/**
 * The Hetzner Cloud calls the provisioner makes, as an interface of its own: the provisioner
 * talks to this, never to `hcloud-js`, so the client library can be swapped (or faked) without
 * touching the provisioning logic. Every method retries by the shared rules and throws
 * `ProvisionerError`s.
 */
import type { WireLabels } from './wire';

/** A server, as far as the provisioner cares. */
export interface HServer {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  /** ISO-8601. */
  readonly created: string;
  readonly labels: Readonly<WireLabels>;
  readonly ipv4: string | null;
  /** The server's IPv6 network, e.g. `2001:db8:1:2::/64`. */
  readonly ipv6Network: string | null;
}

/** An asynchronous action. */
export interface HAction {
  readonly id: number;
  readonly command: string;
  readonly status: 'running' | 'success' | 'error';
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** An SSH key. */
export interface HSshKey {
  readonly id: number;
  readonly name: string;
  readonly fingerprint: string;
  /** Its labels; an adapter that cannot read them leaves them out (keys are then not adopted). */
  readonly labels?: Readonly<WireLabels>;
}

/** A server type with where it is sold. */
export interface HServerType {
  readonly id: number;
  readonly name: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly diskGb: number;
  readonly architecture: 'x86' | 'arm';
  readonly deprecated: boolean;
  /** Monthly net price per location name; a location absent here does not sell the type. */
  readonly monthlyNetByLocation: ReadonlyMap<string, number>;
}

/** An image. */
export interface HImage {
  readonly id: number;
  readonly name: string | null;
  readonly type: string;
  readonly status: string;
  readonly architecture: 'x86' | 'arm' | null;
}

/** A location. */
export interface HLocation {
  readonly id: number;
  readonly name: string;
}

/** What `createServer` sends. */
export interface HCreateServer {
  readonly name: string;
  readonly serverType: string;
  readonly image: string;
  readonly location: string;
  readonly sshKeyIds: readonly number[];
  readonly userData: string;
  readonly labels: Readonly<WireLabels>;
}

/** What `createServer` answers. */
export interface HCreateServerResult {
  readonly server: HServer;
  readonly action: HAction;
  readonly nextActions: readonly HAction[];
  readonly rootPassword: string | null;
}

/** Per-call options. */
export interface HCallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** The Hetzner Cloud API, narrowed to what the provisioner uses. */
export interface HetznerApi {
  /** Every server matching the filters (all pages). */
  listServers(
    filter: { readonly labelSelector?: string; readonly name?: string },
    options?: HCallOptions,
  ): Promise<HServer[]>;
  /** `null` when the server does not exist. */
  getServer(id: number, options?: HCallOptions): Promise<HServer | null>;
  /** Creates a server; never re-sent after a timeout (the caller looks the server up instead). */
  createServer(request: HCreateServer, options?: HCallOptions): Promise<HCreateServerResult>;
  /** Deletes a server; `null` when it was already gone. */
  deleteServer(id: number, options?: HCallOptions): Promise<HAction | null>;
  /** Starts a power action on a server. */
  powerAction(id: number, action: 'poweron' | 'poweroff', options?: HCallOptions): Promise<HAction>;
  /** Resets the root password; the password works once the action succeeds. */
  resetPassword(
    id: number,
    options?: HCallOptions,
  ): Promise<{ action: HAction; rootPassword: string }>;
  getAction(id: number, options?: HCallOptions): Promise<HAction>;
  /**
   * Several actions in one request (`GET /actions?id=...`); actions the API does not know are
   * left out of the answer. Optional: without it the provisioner polls each with `getAction`.
   */
  getActions?(ids: readonly number[], options?: HCallOptions): Promise<HAction[]>;
  /** Every SSH key matching the filters (all pages). */
  listSshKeys(
    filter: {
      readonly fingerprint?: string;
      readonly labelSelector?: string;
      readonly name?: string;
    },
    options?: HCallOptions,
  ): Promise<HSshKey[]>;
  createSshKey(
    request: {
      readonly name: string;
      readonly publicKey: string;
      readonly labels: Readonly<WireLabels>;
    },
    options?: HCallOptions,
  ): Promise<HSshKey>;
  /** Deletes an SSH key; a missing key is not an error. */
  deleteSshKey(id: number, options?: HCallOptions): Promise<void>;
  /** Every server type (all pages). */
  listServerTypes(options?: HCallOptions): Promise<HServerType[]>;
  /** Every available image with this name and architecture (all pages). */
  findImages(
    filter: { readonly name: string; readonly architecture: 'x86' | 'arm' },
    options?: HCallOptions,
  ): Promise<HImage[]>;
  /** An image by id (snapshots are referred to by id); `null` when it does not exist. */
  getImage(id: number, options?: HCallOptions): Promise<HImage | null>;
  /** Every location (all pages). */
  listLocations(options?: HCallOptions): Promise<HLocation[]>;
}
