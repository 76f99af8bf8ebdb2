import { describe, expect, it } from 'vitest';
import {
  ByteTail,
  ExecStreamDemuxer,
  STDERR,
  STDOUT,
} from '../../src/providers/docker/exec-stream';
import { parseMarker } from '../../src/providers/docker/recipe';
import { execFrame } from '../../src/testing/fakes/docker';

/** Feeds `stream` to a demuxer in pieces of `size` bytes; returns what each stream got. */
function demux(stream: Buffer, size: number) {
  const got: Record<number, Buffer[]> = { [STDOUT]: [], [STDERR]: [] };
  const demuxer = new ExecStreamDemuxer((n, payload) => got[n]?.push(Buffer.from(payload)));
  for (let at = 0; at < stream.length; at += size) demuxer.push(stream.subarray(at, at + size));
  return {
    stdout: Buffer.concat(got[STDOUT] ?? []).toString(),
    stderr: Buffer.concat(got[STDERR] ?? []).toString(),
    raw: demuxer.raw,
  };
}

describe('docker exec stream', () => {
  const stream = Buffer.concat([
    execFrame(STDOUT, Buffer.from('hello ')),
    execFrame(STDERR, Buffer.from('warning: ünïcode\n')),
    execFrame(STDOUT, Buffer.alloc(0)),
    execFrame(STDOUT, Buffer.from('world\n'.repeat(3000))),
  ]);

  it('reassembles frames whatever the chunk boundaries', () => {
    for (const size of [1, 3, 7, 8, 9, 512, 65536]) {
      expect(demux(stream, size)).toEqual({
        stdout: `hello ${'world\n'.repeat(3000)}`,
        stderr: 'warning: ünïcode\n',
        raw: false,
      });
    }
  });

  it('passes an unframed stream (a TTY exec) through as stdout', () => {
    expect(demux(Buffer.from('plain terminal output\n'), 5)).toEqual({
      stdout: 'plain terminal output\n',
      stderr: '',
      raw: true,
    });
  });

  it('keeps only the tail, starting on a whole UTF-8 character', () => {
    const parts = ['abc', 'défgh', 'ij', '€€'].map((p) => Buffer.from(p));
    const tail = new ByteTail(8);
    for (const part of parts) tail.write(part);
    expect(tail.truncated).toBe(true);
    expect(tail.total).toBe(Buffer.byteLength('abcdéfghij€€'));
    expect(tail.text()).toBe('ij€€');
    // 5 bytes start inside the first €: its two cut-off continuation bytes are dropped.
    const cut = new ByteTail(5);
    for (const part of parts) cut.write(part);
    expect(cut.text()).toBe('€');
    const whole = new ByteTail(100);
    whole.write(Buffer.from('short'));
    expect([whole.text(), whole.truncated]).toEqual(['short', false]);
    const big = new ByteTail(4);
    big.write(Buffer.from('0123456789'));
    expect(big.text()).toBe('6789');
  });
});

describe('docker recipe marker', () => {
  it('reads running, an exit code with the log tail, or nonsense', () => {
    expect(parseMarker('running\n')).toEqual({ status: 'pending' });
    expect(parseMarker('0\nall good\n')).toEqual({
      status: 'succeeded',
      exitCode: 0,
      logTail: 'all good\n',
    });
    expect(parseMarker('3\n')).toEqual({ status: 'failed', exitCode: 3 });
    expect(parseMarker('garbage')).toMatchObject({ status: 'unknown' });
  });
});
