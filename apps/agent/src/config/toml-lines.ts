// smol-toml gives values, not positions: to say on which line a key is, the file is scanned for
// table headers and `key =` lines. Good enough for errors; never used to read values.

const BARE = /^[A-Za-z0-9_-]+/;

/** Splits a dotted key (`a."b.c".d`) at the start of `text`; returns the parts and the rest. */
function readKey(text: string): { parts: string[]; rest: string } | undefined {
  const parts: string[] = [];
  let rest = text.trimStart();
  for (;;) {
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const end = rest.indexOf(quote, 1);
      if (end < 0) return undefined;
      parts.push(rest.slice(1, end));
      rest = rest.slice(end + 1).trimStart();
    } else {
      const bare = BARE.exec(rest);
      if (bare === null) return undefined;
      parts.push(bare[0]);
      rest = rest.slice(bare[0].length).trimStart();
    }
    if (!rest.startsWith('.')) return { parts, rest };
    rest = rest.slice(1).trimStart();
  }
}

/** Maps every table header and key of a TOML text to its 1-based line. */
export class TomlLines {
  readonly #lines = new Map<string, number>();

  constructor(text: string) {
    let table: string[] = [];
    let inMultiline: string | undefined;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (inMultiline !== undefined) {
        if ((line.split(inMultiline).length - 1) % 2 === 1) inMultiline = undefined;
        return;
      }
      if (line.startsWith('[')) {
        const header = readKey(line.replace(/^\[\[?/, ''));
        if (header?.rest.startsWith(']')) {
          table = header.parts;
          this.#remember(table, index + 1);
        }
        return;
      }
      const key = readKey(line);
      if (key === undefined || !key.rest.startsWith('=')) return;
      this.#remember([...table, ...key.parts], index + 1);
      for (const delimiter of ['"""', "'''"]) {
        if ((key.rest.split(delimiter).length - 1) % 2 === 1) inMultiline = delimiter;
      }
    });
  }

  #remember(path: readonly string[], line: number): void {
    const id = JSON.stringify(path);
    if (!this.#lines.has(id)) this.#lines.set(id, line);
  }

  /** The line of `path`, or of its longest prefix found (a key inside an inline table). */
  lineOf(path: readonly PropertyKey[]): number | undefined {
    for (let length = path.length; length > 0; length -= 1) {
      const line = this.#lines.get(JSON.stringify(path.slice(0, length).map(String)));
      if (line !== undefined) return line;
    }
    return undefined;
  }
}
