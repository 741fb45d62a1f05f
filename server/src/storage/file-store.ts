// Where uploaded files live: one small interface, content-addressed (the key is the SHA-256 of the
// bytes), so the same photo stored twice is one file and a key can never point at other bytes.
// The filesystem store keeps them under DATA_DIR/files; an S3-compatible store (put/get/head of
// an object named by the key) can implement the same four calls later.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileStore {
  /** Stores the bytes and answers their key (SHA-256, hex); storing the same bytes again is a no-op. */
  put(data: Uint8Array): Promise<string>;
  /** Stores bytes derived from a stored file (a thumbnail) under `<key>.<variant>`, and answers that key. */
  putVariant(key: string, variant: string, data: Uint8Array): Promise<string>;
  /** The bytes under a key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
}

const KEY = /^[0-9a-f]{64}(\.[a-z0-9]{1,16})?$/;
const VARIANT = /^[a-z0-9]{1,16}$/;

export const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A key that names a file of this store, or an error: keys become paths, so nothing else may pass. */
function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file key: ${JSON.stringify(key).slice(0, 80)}`);
  return key;
}

/**
 * Files in `root/ab/cd/<key>` (two levels of 256 folders keep any one folder small). Written to a
 * temporary file in the same folder, flushed, then renamed into place: a crash leaves either the
 * whole file or none, never half of one under its final name.
 */
export function createFsFileStore(root: string): FileStore {
  const pathOf = (key: string) => path.join(root, key.slice(0, 2), key.slice(2, 4), checkedKey(key));

  async function write(key: string, data: Uint8Array): Promise<string> {
    const target = pathOf(key);
    if (await exists(key)) return key;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    return key;
  }

  async function exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  return {
    put: (data) => write(sha256Hex(data), data),
    async putVariant(key, variant, data) {
      if (!VARIANT.test(variant)) throw new Error(`not a variant name: ${variant}`);
      return write(`${checkedKey(key).slice(0, 64)}.${variant}`, data);
    },
    async get(key) {
      try {
        return await fs.readFile(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    exists,
  };
}

/** The folder of uploaded files inside the data folder (back it up with the database). */
export const filesDir = (dataDir: string) => path.join(dataDir, 'files');
