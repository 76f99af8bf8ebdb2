import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);

describe('package structure', () => {
  it('keeps node: imports out of everything but the node entry, so browsers get a clean build', () => {
    for (const file of readdirSync(src)) {
      if (file === 'node.ts') continue;
      expect(readFileSync(new URL(file, src), 'utf8'), file).not.toMatch(/from ['"]node:/);
    }
  });

  it('depends only on @noble and @scure (dependency rule)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies)) expect(dep).toMatch(/^@(noble|scure)\//);
  });
});
