import type { Region } from '@dc/client/agent';
import type { ProvisionerKind } from './schema';

/** What `dc-agent init` asks for. */
export interface TemplateValues {
  readonly apiUrl: string;
  readonly region: Region;
  /** As it should appear in the file (relative paths start at the config file's folder). */
  readonly keyFile: string;
  readonly stateDir: string;
  readonly provisioner: ProvisionerKind;
}

const str = (value: string) => JSON.stringify(value);

// Values the provider must fill in are CHANGE_ME: the config refuses to load until they are
// replaced, and the error names the line.
const PROVISIONER_BLOCKS: Readonly<Record<ProvisionerKind, string>> = {
  hetzner: `[provisioners.hetzner]
kind = "hetzner"
# A Hetzner Cloud project API token (Read & Write). Secrets can be written three ways:
#   token = "..."                       (literal; keep this file chmod 600 then)
#   token = { env = "HCLOUD_TOKEN" }    (an environment variable of the agent)
#   token = { file = "/etc/dc-agent/hcloud-token" }   (a file readable by the agent only)
token = { env = "HCLOUD_TOKEN" }
# Location for offerings that do not name one (fsn1, nbg1, hel1, ash, hil, sin).
location = "fsn1"
# server_type = "cx22"                  # else the cheapest type fitting the offering
# image = "ubuntu-24.04"                # used when a contract asks for "default"
`,
  proxmox: `[provisioners.proxmox]
kind = "proxmox"
base_url = "https://CHANGE_ME:8006"     # the node's API address, without /api2/json
token_id = "CHANGE_ME"                  # user@realm!tokenname, e.g. dc@pve!agent
token_secret = { env = "PROXMOX_TOKEN_SECRET" }
node = "pve"
template_vm_id = 9000                   # the cloud-init template cloned for each server
# storage = "local-lvm"
# bridge = "vmbr0"

[provisioners.proxmox.tls]
# The API certificate's SHA-256 fingerprint: run "pvenode cert info" on the node.
# (Or ca_certificate = "/path/to/pve-root-ca.pem"; verification cannot be turned off.)
fingerprint_sha256 = "CHANGE_ME"
`,
  docker: `[provisioners.docker]
kind = "docker"
socket_path = "/var/run/docker.sock"
# public_ipv4 = "203.0.113.10"          # the host address renters connect to
# ssh_port_range = { from = 20000, to = 20999 }
`,
  digitalocean: `[provisioners.digitalocean]
kind = "digitalocean"
token = { env = "DIGITALOCEAN_TOKEN" }  # a personal access token with write scope
region = "fra1"
# size = "s-2vcpu-4gb"                  # else the cheapest size fitting the offering
`,
  vultr: `[provisioners.vultr]
kind = "vultr"
api_key = { env = "VULTR_API_KEY" }
region = "fra"
# plan = "vc2-1c-2gb"                   # else the cheapest plan fitting the offering
`,
  script: `[provisioners.script]
kind = "script"
# Your executable: one JSON request on stdin, one JSON reply on stdout (see the README).
command = ["CHANGE_ME"]
# env = { API_TOKEN = "..." }           # the script's own secrets; never in command
`,
};

/** The commented TOML config `dc-agent init` writes. */
export function renderConfig(values: TemplateValues): string {
  return `# dc-agent configuration. Check it with: dc-agent doctor
# Keys are snake_case; an unknown key or a CHANGE_ME value is an error naming its line.

[api]
# The Decent Cloud API.
url = ${str(values.apiUrl)}

[agent]
# The agent's signing key (mode 0600), created by dc-agent init. Relative paths start at the
# folder of this file.
key_file = ${str(values.keyFile)}
# Where the agent keeps status.json and its orphan timers.
state_dir = ${str(values.stateDir)}
# Must be the region of the pool the setup token is for.
region = ${str(values.region)}
concurrency = 4                         # jobs run at once
shutdown_timeout_seconds = 30           # on SIGTERM: finish or hand back running jobs within this
heartbeat_interval_seconds = 30
health_interval_seconds = 300
reconcile_interval_seconds = 300
orphan_grace_seconds = 3600             # an unclaimed server of ours is deleted after this

# Provisioners build the servers. The section name is the provisioner's name; several may be
# configured (mark one with default = true); an offering picks one by kind, or by name with
# provisioner_config.agent_provisioner = "<name>".
${PROVISIONER_BLOCKS[values.provisioner]}`;
}
