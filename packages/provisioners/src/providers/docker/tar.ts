const BLOCK = 512;

/** One regular file for {@link tarFile}. */
export interface TarEntry {
  /** Path relative to the directory the archive is extracted into (`var/lib/dc/recipe.sh`). */
  readonly name: string;
  readonly content: Uint8Array;
  /** Permission bits, e.g. `0o700`. */
  readonly mode: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime?: number;
}

/**
 * A POSIX ustar archive holding one regular file owned by root, as `PUT /containers/{id}/archive`
 * takes it. Putting a file into a container this way carries its bytes and mode exactly, where
 * a shell command line would have to quote them. Directories above the file are not listed:
 * the Engine creates missing ones (0755) and leaves existing ones as they are.
 */
export function tarFile(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  // Longer names need the ustar prefix field or a PAX header; the paths used here are short.
  if (name.length > 100) throw new RangeError(`path too long for a ustar header: ${entry.name}`);
  const header = Buffer.alloc(BLOCK);
  name.copy(header, 0);
  octal(header, 100, 8, entry.mode & 0o7777);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, entry.content.length);
  octal(header, 136, 12, entry.mtime ?? Math.floor(Date.now() / 1000));
  header.write('0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  header.write('root', 265, 'ascii');
  header.write('root', 297, 'ascii');
  // The checksum is computed with its own field read as eight spaces.
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
  // Two zero blocks end the archive.
  return Buffer.concat([header, entry.content, Buffer.alloc(padding + 2 * BLOCK)]);
}

/** Writes `value` as a zero-padded octal number ending in NUL into `size` bytes at `at`. */
function octal(header: Buffer, at: number, size: number, value: number): void {
  header.write(`${value.toString(8).padStart(size - 1, '0')}\u0000`, at, 'ascii');
}
