// Rewrites the lifecycle diagram in README.md from the transition table.
// Run: pnpm --filter @dc/state-machine readme:diagram
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceDiagram } from '../test/support/readme';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = replaceDiagram(before);
if (after === before) {
  console.log('README.md diagram is up to date');
} else {
  writeFileSync(readme, after);
  console.log('README.md diagram updated from the transition table');
}
