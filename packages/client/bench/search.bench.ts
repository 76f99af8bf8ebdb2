import { bench, describe } from 'vitest';
import { parseSearchQuery, printSearchQuery } from '../src/search/index';

const typical =
  'type:(gpu OR compute) price:[50 TO 500] cores:>=8 !stock:out_of_stock country:(US OR DE)';
const long = Array.from({ length: 50 }, (_, i) => `memory:>=${i + 1}GB`).join(' ');
const parsed = parseSearchQuery(typical);

// The dashboard parses on every keystroke; these must stay far below a frame (16 ms).
describe('search DSL', () => {
  bench('parse a typical query (5 clauses)', () => {
    parseSearchQuery(typical);
  });

  bench('parse 50 clauses with units', () => {
    parseSearchQuery(long);
  });

  bench('print a typical query', () => {
    printSearchQuery(parsed);
  });
});
