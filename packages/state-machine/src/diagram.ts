import { CONTRACT_STATUSES, PAUSABLE_STATUSES, TERMINAL_STATUSES } from './status';
import { STATUS_BEFORE_PAUSE, TRANSITIONS } from './table';

/**
 * The lifecycle as a Mermaid state diagram, generated from `TRANSITIONS` so the picture in the
 * README can never drift from the rules (a test compares them).
 */
export function lifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${CONTRACT_STATUSES[0]}`];
  for (const rule of TRANSITIONS) {
    const targets = rule.to === STATUS_BEFORE_PAUSE ? PAUSABLE_STATUSES : [rule.to];
    for (const from of rule.from) {
      for (const to of targets) {
        const back = rule.to === STATUS_BEFORE_PAUSE ? ' back' : '';
        lines.push(`  ${from} --> ${to} : ${rule.event}${back} (${rule.actors.join(', ')})`);
      }
    }
  }
  for (const status of TERMINAL_STATUSES) lines.push(`  ${status} --> [*]`);
  return `${lines.join('\n')}\n`;
}
