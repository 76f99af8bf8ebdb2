import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../src/paths';

const read = (...path: string[]) => readFileSync(join(REPO_DIR, ...path), 'utf8');

describe('the root README', () => {
  it('shows in "Use the SDK" exactly the example the sandbox test runs', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Use the SDK'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(read('packages', 'client', 'examples', 'rent-a-server.ts'));
  });

  it('shows the annotated marketplace screenshot with a legend line for each of its 5 callouts', () => {
    const readme = read('README.md');
    expect(readme).toContain('](docs/images/marketplace.png)');
    expect(existsSync(join(REPO_DIR, 'docs', 'images', 'marketplace.png'))).toBe(true);
    const legend = readme
      .slice(readme.indexOf('!['))
      .split('\n')
      .filter((l) => /^\d\. /.test(l));
    expect(legend).toHaveLength(5);
  });
});
