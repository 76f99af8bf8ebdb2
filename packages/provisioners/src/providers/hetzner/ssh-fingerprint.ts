import { createHash } from 'node:crypto';

/**
 * The fingerprint Hetzner shows for an OpenSSH public key line: MD5 of the decoded key blob
 * (the base64 field), as colon-separated lower-case hex (`b7:2f:30:...`), the same as
 * `ssh-keygen -l -E md5`. Used to find a key that is already in the project instead of
 * uploading it again (Hetzner refuses a second key with the same fingerprint).
 * Returns `null` for a line that is not `type base64 [comment]` or whose blob does not start
 * with its own type name.
 */
export function sshKeyMd5Fingerprint(publicKey: string): string | null {
  const [type, encoded] = publicKey.trim().split(/\s+/);
  if (type === undefined || encoded === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded))
    return null;
  const blob = Buffer.from(encoded, 'base64');
  // The blob opens with the key type as an SSH string (uint32 length + bytes).
  if (blob.length < 4 + type.length) return null;
  const length = blob.readUInt32BE(0);
  if (length !== type.length || blob.subarray(4, 4 + length).toString('latin1') !== type)
    return null;
  const hex = createHash('md5').update(blob).digest('hex');
  return hex.match(/../g)?.join(':') ?? null;
}
