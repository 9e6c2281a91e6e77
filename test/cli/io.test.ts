import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { lineBatches } from '../../src/cli/io.js';

async function batchesOf(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of lineBatches(Readable.from(chunks.map((c) => Buffer.from(c, 'utf8'))))) out.push(...batch);
  return out;
}

async function readlineOf(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({ input: Readable.from(chunks.map((c) => Buffer.from(c, 'utf8'))), crlfDelay: Infinity });
  for await (const line of rl) out.push(line);
  return out;
}

describe('lineBatches', () => {
  it('breaks lines as readline does, across chunk boundaries too', async () => {
    const cases = [
      ['a\nb\n'],
      ['a\r\nb\rc\n\nd'],
      ['暗証番号を忘', 'れた\r', '\nロック\r', 'された'],
      ['', '\n\n', 'x'],
      ['末尾\r'],
    ];
    for (const chunks of cases) expect(await batchesOf(chunks), JSON.stringify(chunks)).toEqual(await readlineOf(chunks));
  });

  it('keeps a multi-byte character split between two chunks whole', async () => {
    const bytes = Buffer.from('暗証番号\nロック\n', 'utf8');
    const lines: string[] = [];
    for await (const batch of lineBatches(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]))) lines.push(...batch);
    expect(lines).toEqual(['暗証番号', 'ロック']);
  });

  it('cuts a line with no break at 65,536 characters instead of holding all of it', async () => {
    const long = 'あ'.repeat(300_000);
    const lines = await batchesOf([long.slice(0, 100_000), long.slice(100_000), '\nok\n']);
    expect(lines.map((l) => l.length)).toEqual([65_537, 2]);
  });
});
