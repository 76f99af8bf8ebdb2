import { randomBytes as nobleRandomBytes } from '@noble/hashes/utils.js';

/** A source of random bytes. Only tests and vector generation pass their own. */
export type RandomSource = (length: number) => Uint8Array;

/** The platform CSPRNG (`crypto.getRandomValues`, in Node and browsers). */
export const randomBytes: RandomSource = (length) => nobleRandomBytes(length);
