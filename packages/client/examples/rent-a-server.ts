import {
  createClient,
  formatAmount,
  keyAuth,
  quoteRental,
  rentContract,
  searchOfferings,
} from '@dc/client';
import { identityFromSeedPhrase } from '@dc/crypto';

// Sign as the renter `pnpm start` printed; the API is on the dashboard's address under /v1.
const me = identityFromSeedPhrase(process.env['DC_SEED_PHRASE'] ?? '');
const baseUrl = process.env['DC_API_URL'] ?? 'http://127.0.0.1:8787';
const client = createClient({ baseUrl, auth: keyAuth(me.secretKey) });
const { items } = await searchOfferings(client, { q: 'cores:>=2 memory:>=4GB', sort: 'price' });
const [offering] = items;
if (!offering) throw new Error('no offering matches');
const rental = { offering_id: offering.id, hours: 24, os_image: offering.os_images[0] ?? '' };
const quote = await quoteRental(client, { body: rental }); // amounts are integer minor units
console.log(`${offering.name}: ${formatAmount(quote.total, quote.currency)} for 24 h`);
const ssh_public_keys = [process.env['SSH_PUBLIC_KEY'] ?? '']; // your ~/.ssh/id_ed25519.pub
const body = { ...rental, ssh_public_keys, idempotency_key: crypto.randomUUID() };
const contract = await rentContract(client, { body }); // a retry with the same key rents once
console.log(contract.id, contract.status); // then getContract(client, { id }) until provisioned
