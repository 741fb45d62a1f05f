// The filesystem store: content-addressed keys, atomic writes, nothing outside its folder, and
// files that a new store on the same folder (a restarted server) finds again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsFileStore, sha256Hex } from './file-store.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('filesystem file store', () => {
  it('stores bytes under their SHA-256 in ab/cd/<sha256>, once however often they are put', async () => {
    const store = createFsFileStore(root);
    const bytes = Buffer.from('网格员现场照片的字节');
    const key = await store.put(bytes);
    expect(key).toBe(sha256Hex(bytes));
    expect(await store.put(Buffer.from(bytes))).toBe(key);
    expect(filesUnder(root)).toEqual([path.join(key.slice(0, 2), key.slice(2, 4), key)]);
    expect(await store.get(key)).toEqual(bytes);
    expect(await store.exists(key)).toBe(true);
  });

  it('keeps a variant beside its original, and answers null for a key it does not hold', async () => {
    const store = createFsFileStore(root);
    const key = await store.put(Buffer.from('original'));
    const thumb = await store.putVariant(key, 'thumb', Buffer.from('small'));
    expect(thumb).toBe(`${key}.thumb`);
    expect(fs.existsSync(path.join(root, key.slice(0, 2), key.slice(2, 4), `${key}.thumb`))).toBe(true);
    expect(await store.get(thumb)).toEqual(Buffer.from('small'));
    const absent = sha256Hex(Buffer.from('never stored'));
    expect(await store.get(absent)).toBeNull();
    expect(await store.exists(absent)).toBe(false);
  });

  it('takes no key that could name a path outside its folder', async () => {
    const store = createFsFileStore(root);
    for (const key of ['../../etc/passwd', 'ab/cd', '', `${'a'.repeat(64)}/../x`, 'A'.repeat(64), `${'a'.repeat(64)}.thumb/..`]) {
      await expect(store.get(key), key).rejects.toThrow(/not a file key/);
    }
    await expect(store.putVariant('a'.repeat(64), '../x', Buffer.from('x'))).rejects.toThrow(/not a variant/);
  });

  it('leaves no temporary file behind, and many writers of the same bytes make one whole file', async () => {
    const store = createFsFileStore(root);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const keys = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(keys).size).toBe(1);
    expect(filesUnder(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await store.get(keys[0]!))!.equals(bytes)).toBe(true);
  });

  it('finds its files again from a new store on the same folder (a restart)', async () => {
    const key = await createFsFileStore(root).put(Buffer.from('before the restart'));
    const again = createFsFileStore(root);
    expect((await again.get(key))!.toString()).toBe('before the restart');
  });
});
