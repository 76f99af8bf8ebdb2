import { posix } from 'node:path';

/** A file in a fake container. */
export interface FakeFile {
  readonly content: Buffer;
  /** Permission bits, e.g. `0o700`. */
  readonly mode: number;
}

// What every image the fake pretends to run has.
const BASE_DIRS = ['/', '/bin', '/etc', '/root', '/tmp', '/usr', '/var', '/var/lib', '/var/log'];

/**
 * The part of a container's filesystem the fake knows: files put in through the archive
 * endpoint or written by the programs it emulates, and the directories above them.
 */
export class FakeFiles {
  readonly #files = new Map<string, FakeFile>();
  readonly #dirs = new Set(BASE_DIRS);

  read(path: string): FakeFile | undefined {
    return this.#files.get(posix.normalize(path));
  }

  isDir(path: string): boolean {
    return this.#dirs.has(posix.normalize(path).replace(/(.)\/$/, '$1'));
  }

  /** Writes a file, creating the directories above it as the Engine does (0755). */
  write(path: string, content: Buffer | string, mode = 0o644): void {
    const normal = posix.normalize(path);
    this.mkdir(posix.dirname(normal));
    this.#files.set(normal, {
      content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      mode,
    });
  }

  mkdir(path: string): void {
    for (let dir = posix.normalize(path); !this.#dirs.has(dir); dir = posix.dirname(dir))
      this.#dirs.add(dir);
  }

  /** Every file path, for assertions. */
  paths(): string[] {
    return [...this.#files.keys()];
  }
}
