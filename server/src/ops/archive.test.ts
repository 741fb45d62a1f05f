// The archive format alone: entries come back as written (small, empty, larger than a read chunk),
// any tar tool's layout (512-byte blocks), and every kind of damage is an ArchiveError.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError, readArchive, writeArchive, type ArchiveEntry } from './archive.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-archive-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const big = randomBytes(3 * 1024 * 1024 + 17); // incompressible, several gunzip chunks
const bigFile = path.join(dir, 'big.bin');
fs.writeFileSync(bigFile, big);

async function readAll(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const entry of readArchive(file)) {
    const parts: Buffer[] = [];
    for await (const c of entry.chunks()) parts.push(c);
    out.set(entry.name, Buffer.concat(parts));
  }
  return out;
}

describe('backup archive', () => {
  const file = path.join(dir, 'a.tar.gz');

  it('reads back what it wrote, hashes file entries, and is a tar any tool lists', async () => {
    const entries: ArchiveEntry[] = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'empty', data: Buffer.alloc(0) },
      { name: 'files/ab/cd/big', file: bigFile, size: big.length },
    ];
    await writeArchive(file, entries);
    expect((entries[2] as { sha256?: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    const back = await readAll(file);
    expect([...back.keys()]).toEqual(['manifest.json', 'empty', 'files/ab/cd/big']);
    expect(back.get('manifest.json')!.toString()).toBe('{"a":1}');
    expect(back.get('empty')!.length).toBe(0);
    expect(back.get('files/ab/cd/big')!.equals(big)).toBe(true);
    expect(execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(['manifest.json', 'empty', 'files/ab/cd/big']);
    // Entries not read by the caller are skipped.
    const names: string[] = [];
    for await (const entry of readArchive(file)) names.push(entry.name);
    expect(names).toHaveLength(3);
    await expect(writeArchive(file, [])).rejects.toThrow(/exists already/);
  });

  it('refuses a cut-short, altered or foreign file', async () => {
    const bytes = fs.readFileSync(file);
    const cases: Record<string, Buffer> = {
      'cut in the middle': bytes.subarray(0, bytes.length >> 1),
      'cut before the trailer': bytes.subarray(0, bytes.length - 8),
      'one byte changed': Buffer.from(bytes).fill(bytes[bytes.length >> 1]! ^ 0xff, bytes.length >> 1, (bytes.length >> 1) + 1),
      'not gzip': Buffer.from('hello'),
      empty: Buffer.alloc(0),
    };
    for (const [label, content] of Object.entries(cases)) {
      const bad = path.join(dir, `${label}.tar.gz`);
      fs.writeFileSync(bad, content);
      await expect(readAll(bad), label).rejects.toBeInstanceOf(ArchiveError);
    }
  });
});
