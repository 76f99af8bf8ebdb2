// Prints the gzip size of the JavaScript the browser loads before the first page renders (the
// entry chunk and its static imports, read from Vite's manifest) against the 250 kB target,
// and the lazily loaded route chunks apart. Exit code 1 above the target.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const TARGET_BYTES = 250 * 1000;
const dist = join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gzip = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(Object.keys(manifest).find((key) => manifest[key] === entry));
const initialBytes = [...initial].reduce((total, file) => total + gzip(file), 0);
const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !initial.has(c.file));

console.log(`initial JS: ${kb(initialBytes)} gzip (target <= ${kb(TARGET_BYTES)})`);
for (const chunk of lazy)
  console.log(`  lazy ${chunk.name ?? chunk.file}: ${kb(gzip(chunk.file))} gzip`);
if (initialBytes > TARGET_BYTES) {
  console.error('initial JS is above the 250 kB gzip target');
  process.exit(1);
}
