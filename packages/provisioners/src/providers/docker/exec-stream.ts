/** Stream numbers of the Engine's multiplexed attach stream (stdin is never sent back). */
export const STDOUT = 1;
export const STDERR = 2;

const HEADER_BYTES = 8;

/**
 * The last `capBytes` bytes written to it, so an exec that prints megabytes never holds more
 * than the tail in memory.
 */
export class ByteTail {
  readonly #cap: number;
  #chunks: Buffer[] = [];
  #size = 0;
  /** How many bytes were written in all, kept or not. */
  total = 0;

  constructor(capBytes: number) {
    this.#cap = capBytes;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    const kept = chunk.length > this.#cap ? chunk.subarray(chunk.length - this.#cap) : chunk;
    this.#chunks.push(kept);
    this.#size += kept.length;
    while (this.#size - (this.#chunks[0]?.length ?? 0) >= this.#cap) {
      this.#size -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** Whether bytes were dropped from the front. */
  get truncated(): boolean {
    return this.total > this.#cap;
  }

  /**
   * The tail as text. When the front was cut, bytes of a UTF-8 character whose start was cut
   * off are skipped, so the text does not begin with a replacement character.
   */
  text(): string {
    let bytes = Buffer.concat(this.#chunks);
    if (bytes.length > this.#cap) bytes = bytes.subarray(bytes.length - this.#cap);
    if (this.truncated) {
      let start = 0;
      // UTF-8 continuation bytes are 0b10xxxxxx; a character has at most 3 of them.
      while (start < 3 && start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
      bytes = bytes.subarray(start);
    }
    return bytes.toString('utf8');
  }
}

/**
 * Splits the Engine's multiplexed attach stream (an exec started without a TTY) into frames:
 * each is an 8-byte header (stream number, three zero bytes, big-endian uint32 payload size)
 * and the payload. Chunks may end anywhere, inside a header or a payload, so both are
 * reassembled here; payload bytes are handed on as they arrive rather than once a frame is
 * complete, so a large frame is never buffered whole.
 *
 * A header that is not one (a TTY exec, or a proxy that strips the framing) switches to raw
 * mode: the rest of the stream is passed on as stdout, as the Docker CLI shows it.
 */
export class ExecStreamDemuxer {
  readonly #onData: (stream: number, payload: Buffer) => void;
  readonly #header = Buffer.alloc(HEADER_BYTES);
  #headerFill = 0;
  #stream = 0;
  #remaining = 0;
  #raw = false;

  constructor(onData: (stream: number, payload: Buffer) => void) {
    this.#onData = onData;
  }

  /** Whether the stream turned out not to be framed. */
  get raw(): boolean {
    return this.#raw;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#raw) {
        this.#onData(STDOUT, chunk.subarray(at));
        return;
      }
      if (this.#remaining > 0) {
        const take = Math.min(this.#remaining, chunk.length - at);
        this.#onData(this.#stream, chunk.subarray(at, at + take));
        this.#remaining -= take;
        at += take;
        continue;
      }
      const take = Math.min(HEADER_BYTES - this.#headerFill, chunk.length - at);
      chunk.copy(this.#header, this.#headerFill, at, at + take);
      this.#headerFill += take;
      at += take;
      if (this.#headerFill < HEADER_BYTES) return;
      this.#headerFill = 0;
      if (!isHeader(this.#header)) {
        this.#raw = true;
        this.#onData(STDOUT, Buffer.from(this.#header));
        continue;
      }
      this.#stream = this.#header[0] ?? 0;
      this.#remaining = this.#header.readUInt32BE(4);
    }
  }
}

function isHeader(h: Buffer): boolean {
  // Stream 0 (stdin) appears in the format but is never written back; accept it all the same.
  return (h[0] ?? 9) <= STDERR && h[1] === 0 && h[2] === 0 && h[3] === 0;
}
