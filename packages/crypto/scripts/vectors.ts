// Regenerates test/vectors/*.json from the package. Run: pnpm --filter @dc/crypto vectors
// Only after an intentional format change: the test suite fails while these files and the code disagree.
import { writeFileSync } from 'node:fs';
import { buildVectors } from '../test/support/build-vectors';

for (const [name, content] of Object.entries(buildVectors())) {
  const file = new URL(`../test/vectors/${name}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote test/vectors/${name}.json`);
}
