import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pricing from '../src/index';

// The README's usage example is the first thing a user copies; it must run and its comments
// must be true.
describe('README usage example', () => {
  it('runs and prints the numbers its comments promise', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const body = (block ?? '').replace(
      /import \{([^}]*)\} from '@dc\/pricing';/,
      'const {$1} = pricing;',
    );
    const logged: unknown[][] = [];
    const run = new Function('pricing', 'console', body);
    run(pricing, { log: (...args: unknown[]) => logged.push(args) });
    const [refund, split, tax, invoice] = logged[0] as [
      pricing.Money,
      pricing.Settlement,
      pricing.VatTreatment,
      pricing.VatAmounts,
    ];
    expect(refund.amount).toBe(861n);
    expect([split.consumed.amount, split.platformFee.amount, split.earned.amount]).toEqual([
      139n,
      14n,
      125n,
    ]);
    expect([tax.kind, tax.rateBps]).toEqual(['oss', 2000n]);
    expect([invoice.vat.amount, invoice.gross.amount]).toEqual([200n, 1200n]);
  });
});
