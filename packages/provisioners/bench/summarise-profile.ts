// Summarises a V8 .cpuprofile (or the largest one in a directory): self time by package or
// area, then the functions with the most self time.
//
//   node --import tsx bench/summarise-profile.ts <file.cpuprofile | directory> [top=40]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface Profile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [target = '.', topArg = '40'] = process.argv.slice(2);
const file = statSync(target).isDirectory()
  ? (readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? '')
  : target;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Microseconds of samples whose top frame is each node.
const selfOf = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfOf.set(id, (selfOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

/** `axios`, `node:_http_client`, `src/providers/hetzner`, `(garbage collector)`... */
function areaOf({ url, functionName }: CallFrame): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const pkg = /node_modules\/\.pnpm\/((?:@[^+/]+\+)?[^@/]+)/.exec(url);
  if (pkg) return (pkg[1] ?? '').replace('+', '/');
  const own = /\/(src|bench)\/(.*)\/[^/]+$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url.replace(/^file:\/\//, '');
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const us = selfOf.get(node.id) ?? 0;
  if (us === 0) continue;
  total += us;
  const frame = node.callFrame;
  const area = areaOf(frame);
  byArea.set(area, (byArea.get(area) ?? 0) + us);
  const where =
    frame.url === '' ? '' : ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  const name = `${frame.functionName || '(anonymous)'}${where}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const line = ([name, us]: [string, number]) =>
  `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`;
const top = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(line)
    .join('\n');
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled ("(idle)" is waiting for I/O)`);
console.log(`\nself time by area:\n${top(byArea, 20)}`);
console.log(`\nfunctions by self time:\n${top(byFunction, Number(topArg))}`);
