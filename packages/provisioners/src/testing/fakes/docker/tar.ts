import { posix } from 'node:path';

const BLOCK = 512;

/** One entry of an uploaded tar archive. */
export interface FakeTarEntry {
  /** Path relative to the extraction directory, without a leading `./` or `/`. */
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly mode: number;
  readonly content: Buffer;
}

/**
 * Reads a plain (uncompressed) ustar/GNU tar archive as the Engine's `PUT /containers/{id}/archive`
 * unpacks it: headers checked against their checksum, names from the ustar prefix and name
 * fields, regular files and directories (other types are skipped, as the fake has no links or
 * devices). Throws with the Go archive/tar message on a malformed archive.
 */
export function readTar(archive: Buffer): FakeTarEntry[] {
  const entries: FakeTarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    if (!checksumOk(header)) throw new Error('archive/tar: invalid tar header');
    const size = octal(header, 124, 12);
    const mode = octal(header, 100, 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const name = text(header, 0, 100);
    const full = posix
      .normalize(prefix === '' ? name : `${prefix}/${name}`)
      .replace(/^(\.\/|\/)+/, '');
    const content = archive.subarray(at + BLOCK, at + BLOCK + size);
    if (content.length < size) throw new Error('unexpected EOF');
    if (type === '0' || type === '\u0000')
      entries.push({ name: full, type: 'file', mode, content: Buffer.from(content) });
    else if (type === '5')
      entries.push({
        name: full.replace(/\/$/, ''),
        type: 'directory',
        mode,
        content: Buffer.alloc(0),
      });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (at === 0) throw new Error('unexpected EOF');
  return entries;
}

function text(header: Buffer, at: number, size: number): string {
  const field = header.subarray(at, at + size);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? size : end).toString('utf8');
}

function octal(header: Buffer, at: number, size: number): number {
  const digits = text(header, at, size).trim();
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === octal(header, 148, 8);
}
