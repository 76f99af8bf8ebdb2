import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { bench, describe } from 'vitest';
import { generateIdentity, open, recipientKey, seal, sign, verifySignature } from '../src/index';
import { nodeVerifySignature } from '../src/node';

const me = generateIdentity();
const others = [generateIdentity(), generateIdentity()];
const message = new TextEncoder().encode(
  `DC-REQUEST-V1\nPOST\n/v1/contracts\napi.example.com\n1767225600000\n${'ab'.repeat(16)}\n${'cd'.repeat(32)}`,
);
const signature = sign(message, me.secretKey);
const context = { contractId: 'ctr-42', purpose: 'root_password' };
const secret = 'Xk9#mQ2$vL7!pR4@';
const envelope = seal(secret, [me.publicKey], context);
const prepared = recipientKey(me.secretKey);

// The primitives an `open` is built from, with the same sizes: one X25519 and one
// XChaCha20-Poly1305 decryption of the secret.
const eph = x25519.utils.randomSecretKey();
const peer = x25519.getPublicKey(x25519.utils.randomSecretKey());
const key = new Uint8Array(32).fill(7);
const nonce = new Uint8Array(24).fill(1);
const boxed = xchacha20poly1305(key, nonce).encrypt(new TextEncoder().encode(secret));

let sink: unknown;

describe('ed25519', () => {
  bench('sign', () => {
    sink = sign(message, me.secretKey);
  });
  bench('verify (pure, @noble/curves)', () => {
    sink = verifySignature(signature, message, me.publicKey);
  });
  bench('verify (native, @dc/crypto/node)', () => {
    sink = nodeVerifySignature(signature, message, me.publicKey);
  });
});

describe('envelope', () => {
  bench('baseline: X25519 + XChaCha20-Poly1305 decrypt', () => {
    sink = [x25519.getSharedSecret(eph, peer), xchacha20poly1305(key, nonce).decrypt(boxed)];
  });
  bench('open (v3, 1 recipient)', () => {
    sink = open(envelope, me.secretKey, context);
  });
  bench('open (v3, 1 recipient, prepared RecipientKey)', () => {
    sink = open(envelope, prepared, context);
  });
  bench('seal (v3, 1 recipient)', () => {
    sink = seal(secret, [me.publicKey], context);
  });
  bench('seal (v3, 3 recipients)', () => {
    sink = seal(secret, [me.publicKey, ...others.map((o) => o.publicKey)], context);
  });
});

export { sink };
