import { generateKeyPairSync } from 'node:crypto';

/**
 * A fresh OpenSSH `ssh-ed25519` public key line, for tests that need a renter key (the private
 * half is discarded).
 */
export function generateSshPublicKey(comment = 'renter@test'): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const sshString = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}
