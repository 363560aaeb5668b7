import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { allWritten, outputStream, utf8, writeOutputFile } from '../../src/report/outputStream.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Chunks of every size, with characters of one to four UTF-8 bytes. */
function* chunks(count: number): Generator<string> {
  const pieces = ['a', 'é', '€', '😀', '{"x": 1}\n', 'z'.repeat(70_000)];
  for (let i = 0; i < count; i++) yield pieces[i % pieces.length]!.repeat(1 + (i % 5));
}

describe('output streams', () => {
  it('write the UTF-8 bytes of the rendered text, whatever the chunks and characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-out-'));
    dirs.push(dir);
    await writeOutputFile({ render: () => chunks(400) }, join(dir, 'out.txt'));
    expect(readFileSync(join(dir, 'out.txt')).equals(Buffer.from([...chunks(400)].join(''), 'utf8'))).toBe(
      true,
    );
  });

  it('encode text of any script like Buffer.from, also when it does not fit the first guess', () => {
    for (const t of [
      '',
      'ascii',
      'é'.repeat(1000),
      '😀'.repeat(5000),
      `${'a'.repeat(999)}😀`,
      '\u0000\uffff',
    ]) {
      expect(utf8(t).equals(Buffer.from(t, 'utf8')), t.slice(0, 10)).toBe(true);
    }
  });

  it('render only as far as the reader has read (backpressure), in a few large buffers', async () => {
    let rendered = 0;
    const stream = outputStream({
      *render() {
        for (let i = 0; i < 10_000; i++) {
          rendered++;
          yield 'x'.repeat(1000);
        }
      },
    });
    const first: Buffer[] = [];
    for await (const b of stream) {
      first.push(b as Buffer);
      if (first.length === 1) break;
    }
    // 10 MB of text, but only the first buffers (about 1 MB of it) were rendered before the stop.
    expect(rendered).toBeLessThan(2000);
    expect(first[0]!.length).toBeGreaterThanOrEqual(1 << 18);
  });

  it("fail with the renderer's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-out-'));
    dirs.push(dir);
    await expect(
      writeOutputFile(
        {
          *render() {
            yield 'start';
            throw new Error('renderer broke');
          },
        },
        join(dir, 'out.txt'),
      ),
    ).rejects.toThrow('renderer broke');
  });

  it('are written at once, and a failed one fails the save only after every other has ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-out-'));
    dirs.push(dir);
    const order: string[] = [];
    const file = (name: string, fail = false) => ({
      *render() {
        for (let i = 0; i < 40; i++) {
          order.push(name);
          yield 'z'.repeat(1 << 17);
        }
        if (fail) throw new Error(`${name} broke`);
      },
    });
    let ended = 0;
    const write = (name: string, fail = false) =>
      writeOutputFile(file(name, fail), join(dir, name)).finally(() => ended++);
    await expect(allWritten([write('a', true), write('b'), write('c')])).rejects.toThrow('a broke');
    expect(ended).toBe(3);
    expect(readFileSync(join(dir, 'c')).length).toBe(40 << 17);
    // Rendering interleaved: b began before a ended.
    expect(order.indexOf('b')).toBeLessThan(order.lastIndexOf('a'));
  });
});
