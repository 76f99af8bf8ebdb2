import {
  createClient,
  getMe,
  keyAuth,
  paginate,
  registerAccount,
  searchOfferings,
  ValidationError,
} from '@dc/client';
import { generateSeedPhrase, identityFromSeedPhrase } from '@dc/crypto';

// Every request is signed with the key derived from the seed phrase.
const me = identityFromSeedPhrase(generateSeedPhrase());
const baseUrl = process.env['DC_API_URL'] ?? 'http://127.0.0.1:8787';
const client = createClient({ baseUrl, auth: keyAuth(me.secretKey) });

const account = await registerAccount(client, {
  body: { username: `dev-${me.publicKeyHex.slice(0, 8)}` },
});
console.log((await getMe(client, {})).id === account.id); // true

// Search with the DSL; paginate() walks every page.
let count = 0;
for await (const offering of paginate(client, searchOfferings, { q: 'type:gpu price:<=100' })) {
  if (offering.product_type === 'gpu') count += 1;
}
console.log(count >= 0); // true

// Errors are typed and name what to fix.
try {
  await searchOfferings(client, { q: 'colour:red' });
} catch (error) {
  if (error instanceof ValidationError) console.log(error.code); // invalid_search_query
}
