// pnpm demo:lifecycle — prints a contract's life with every amount.
import { runLifecycle } from './lifecycle';

console.log('Decent Cloud: one contract, start to finish (local demo, no network, no database)\n');
for (const step of runLifecycle()) {
  console.log(`${step.at.toISOString().replace('.000Z', 'Z')}  ${step.title}`);
  for (const line of step.lines) console.log(`    ${line}`);
  console.log();
}
