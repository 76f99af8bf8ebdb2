import { randomBytes } from 'node:crypto';

/**
 * A syntactically valid `ssh-ed25519` public key line with a random body, for fake clouds and
 * tests (the fakes compare keys and compute fingerprints, they never use them).
 */
export function testSshPublicKey(comment = 'renter@example'): string {
  const field = (bytes: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return Buffer.concat([len, bytes]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(randomBytes(32))]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}
