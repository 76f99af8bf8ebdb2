import { describe, expect, it } from 'vitest';
import * as core from '../../src/core';
import * as rootModule from '../../src/index';

// Looked up by name: the test compares every export of one entry with the root's.
const root: Readonly<Record<string, unknown>> = { ...rootModule };

import * as hetzner from '../../src/providers/hetzner/index';

describe('entry points', () => {
  it('core holds the same schemas, errors and poller as the root, and no factory', () => {
    for (const [name, value] of Object.entries(core)) {
      expect(root[name], name).toBe(value);
    }
    expect(Object.keys(core).filter((name) => name.startsWith('create'))).toEqual([]);
    // Every built-in's config schema, so a host can validate a whole config with core alone.
    expect(
      Object.keys(core)
        .filter((name) => /^[A-Z]\w+ConfigSchema$/.test(name))
        .sort(),
    ).toEqual(
      Object.keys(root)
        .filter((name) => /^[A-Z]\w+ConfigSchema$/.test(name))
        .sort(),
    );
  });

  it('a provisioner entry exports what the root exports for it', () => {
    for (const [name, value] of Object.entries(hetzner)) {
      expect(root[name], name).toBe(value);
    }
    expect(hetzner.createHetznerProvisioner).toBe(rootModule.createHetznerProvisioner);
  });
});
