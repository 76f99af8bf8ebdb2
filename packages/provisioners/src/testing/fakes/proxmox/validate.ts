/**
 * Proxmox's parameter formats (PVE::JSONSchema), as the fake checks them. Each checker returns
 * the problem text Proxmox would put in `errors.<param>`, or `undefined` when the value is fine.
 */
export type Check = (value: string) => string | undefined;

/** Checks a form/JSON body against `checks`; unknown and missing parameters are errors too. */
export function checkParams(
  body: unknown,
  checks: Readonly<Record<string, Check>>,
  required: readonly string[] = [],
): Record<string, string> | null {
  const params = (body ?? {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const name of required)
    if (params[name] === undefined) errors[name] = 'property is missing and it is not optional';
  for (const [name, value] of Object.entries(params)) {
    const check =
      checks[name] ??
      (/^ipconfig\d+$/.test(name)
        ? checks['ipconfig0']
        : /^net\d+$/.test(name)
          ? checks['net0']
          : undefined);
    if (!check) {
      errors[name] =
        'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    const problem = check(Array.isArray(value) ? value.join(' ') : String(value));
    if (problem !== undefined) errors[name] = problem;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** An integer in [min, max]. */
export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) => {
    if (!/^-?\d+$/.test(v)) return `type check ('integer') failed - got '${v}'`;
    const n = Number(v);
    if (n < min) return `value must have a minimum value of ${min}`;
    if (n > max) return `value must have a maximum value of ${max}`;
    return undefined;
  };

/** `0`/`1` (and the spellings Proxmox accepts). */
export const boolean: Check = (v) =>
  /^(0|1|true|false|yes|no|on|off)$/i.test(v)
    ? undefined
    : `type check ('boolean') failed - got '${v}'`;

/** Any string up to `max` characters. */
export const text =
  (max = 8192): Check =>
  (v) =>
    v.length > max ? `value may only be ${max} characters long` : undefined;

/** `dns-name` (VM names). */
export const dnsName: Check = (v) =>
  /^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\.([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?))*$/.test(v)
    ? undefined
    : `value '${v}' does not look like a valid DNS name`;

/** `pve-tag-list`. */
export const tagList: Check = (v) =>
  v.split(/[;, ]+/).every((t) => t === '' || /^[a-z0-9_][a-z0-9_\-+.]*$/i.test(t))
    ? undefined
    : `invalid format - invalid tag list '${v}'`;

/** `pve-storage-id`. */
export const storageId: Check = (v) =>
  /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v)
    ? undefined
    : `invalid format - storage ID '${v}' contains illegal characters`;

/** `urlencoded`: what `sshkeys` must be (percent-encoding with only unreserved characters left). */
export const urlencoded: Check = (v) =>
  /^[-%a-zA-Z0-9_.!~*'()]*$/.test(v)
    ? undefined
    : `invalid format - invalid urlencoded string: ${v}`;

/** `ipconfig[n]`: `ip=dhcp|<cidr>,gw=<ip>,ip6=auto|dhcp|<cidr>,gw6=<ip>`. */
export const ipConfig: Check = (v) => {
  for (const part of v.split(',')) {
    const [key, value = ''] = part.split('=');
    if (key === 'ip' && (value === 'dhcp' || /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value)))
      continue;
    if (
      key === 'ip6' &&
      (value === 'dhcp' || value === 'auto' || /^[0-9a-f:]+\/\d{1,3}$/i.test(value))
    )
      continue;
    if ((key === 'gw' || key === 'gw6') && value !== '') continue;
    return `invalid format - format error ${key}: value does not match the regex pattern`;
  }
  return undefined;
};

/** `net[n]`: `<model>[=<mac>],bridge=<bridge>[,...]`. */
export const netConfig: Check = (v) =>
  /^(virtio|e1000|rtl8139|vmxnet3)(=[0-9A-F:]{17})?(,[a-z_]+=[^,]+)*$/i.test(v)
    ? undefined
    : `invalid format - unable to parse network options`;

/** A disk size for resize: `[+]<number>[KMGT]`. */
export const diskSize: Check = (v) =>
  /^\+?\d+(\.\d+)?[KMGT]?$/.test(v) ? undefined : `value does not match the regex pattern`;

/** Proxmox's `uri_unescape` (percent-decoding only; `+` stays `+`). */
export function uriUnescape(value: string): string {
  return Buffer.from(
    value.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    ),
    'latin1',
  ).toString('utf8');
}

/** `PVE::Tools::validate_ssh_public_keys`: every non-empty line a public key. */
export function validSshKeys(keys: string): boolean {
  const lines = keys.split('\n').filter((l) => l.trim() !== '');
  return (
    lines.length > 0 &&
    lines.every((l) =>
      /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-\S+) [A-Za-z0-9+/=]+( .*)?$/.test(l.trim()),
    )
  );
}
