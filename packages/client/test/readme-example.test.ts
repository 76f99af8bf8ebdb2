import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The example runs against a real server in apps/api/test/client-readme.test.ts (a package may
// not depend on the app); here we only keep the README and the file identical.
describe('README example', () => {
  it('is examples/quickstart.ts verbatim', () => {
    const example = readFileSync(new URL('../examples/quickstart.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(example);
  });
});
