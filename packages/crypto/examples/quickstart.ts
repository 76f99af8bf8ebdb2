import {
  generateSeedPhrase,
  identityFromSeedPhrase,
  MemoryReplayGuard,
  open,
  seal,
  signRequest,
  verifyRequest,
} from '@dc/crypto';

// A renter's identity from a seed phrase (the same key the Decent Cloud apps derive).
const renter = identityFromSeedPhrase(generateSeedPhrase(12));

// Sign a request; the server verifies it and refuses a replay.
const url = 'https://api.example.com/v1/contracts?dry_run=true';
const body = JSON.stringify({ offering_id: 'off_1', hours: 720 });
const headers = signRequest({ secretKey: renter.secretKey, method: 'POST', url, body });
const guard = new MemoryReplayGuard();
const check = () =>
  verifyRequest({
    method: 'POST',
    path: '/v1/contracts?dry_run=true',
    host: 'api.example.com',
    headers,
    body,
    now: Date.now(),
    replayGuard: guard,
  });
console.log((await check()).ok); // true
console.log((await check()).ok); // false (replayed nonce)

// The agent seals a root password to the renter's keys; only the renter can open it.
const context = { contractId: 'ctr_123', purpose: 'root_password' };
const envelope = seal('s3cret-root-pw', [renter.publicKey], context);
console.log(new TextDecoder().decode(open(envelope, renter.secretKey, context))); // s3cret-root-pw
