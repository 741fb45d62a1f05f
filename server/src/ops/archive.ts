// The backup archive: a gzip-compressed tar (ustar), written and read as a stream so that neither
// the database dump nor gigabytes of photos are ever held in memory. Any tar tool can list it
// (`tar tzf`); gzip's CRC-32 and length trailer make a damaged or cut-short file fail to read.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const BLOCK = 512;

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** One entry to write: bytes in memory, or a file read when its turn comes. */
export type ArchiveEntry = { name: string; data: Buffer } | { name: string; file: string; size: number; sha256?: string };

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number): Buffer {
  const bytes = Buffer.byteLength(name);
  if (bytes > 100 || bytes === 0) throw new ArchiveError(`archive entry name must be 1–100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 0o77777777777) h.write(octal(size, 12), 124, 'ascii');
  else {
    // Above 8 GiB: the base-256 form GNU tar and libarchive read (high bit set, big-endian).
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

async function* tarStream(entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    if ('data' in entry) {
      yield header(entry.name, entry.data.length);
      yield entry.data;
      yield padding(entry.data.length);
      continue;
    }
    yield header(entry.name, entry.size);
    let written = 0;
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(entry.file)) {
      const buf = chunk as Buffer;
      written += buf.length;
      hash.update(buf);
      if (written > entry.size) throw new ArchiveError(`${entry.file} grew while it was archived`);
      yield buf;
    }
    if (written !== entry.size) throw new ArchiveError(`${entry.file} shrank while it was archived`);
    // Read by the producer of the entries once the entry is written (the trailer lists them).
    entry.sha256 = hash.digest('hex');
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/**
 * Writes the entries as `<out>.partial`, flushes it to disk and renames it to `out`: an archive
 * under its final name is always complete. Refuses to overwrite an existing file.
 */
export async function writeArchive(out: string, entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>): Promise<void> {
  if (fs.existsSync(out)) throw new ArchiveError(`${out} exists already; choose another name`);
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.from(tarStream(entries)), zlib.createGzip({ level: 6 }), fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    const handle = await fs.promises.open(partial, 'r');
    await handle.sync();
    await handle.close();
    await fs.promises.link(partial, out);
  } finally {
    await fs.promises.rm(partial, { force: true });
  }
}

/** An entry being read: its name and size, and its bytes (read them all, or skip(), before the next). */
export interface ReadEntry {
  name: string;
  size: number;
  chunks(): AsyncGenerator<Buffer>;
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value;
    return true;
  }

  async exact(n: number): Promise<Buffer | null> {
    while (this.pending.length < n) if (!(await this.fill())) return null;
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) throw new ArchiveError('the archive is cut short (an entry ends early)');
      const part = this.pending.subarray(0, Math.min(left, this.pending.length));
      this.pending = this.pending.subarray(part.length);
      left -= part.length;
      yield part;
    }
  }

  async rest(): Promise<number> {
    let n = this.pending.length;
    this.pending = Buffer.alloc(0);
    while (await this.fill()) {
      n += this.pending.length;
      this.pending = Buffer.alloc(0);
    }
    return n;
  }
}

function parseSize(field: Buffer): number {
  if (field[0]! & 0x80) return Number(field.readBigUInt64BE(4));
  return parseInt(field.toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
}

function checkHeader(h: Buffer): { name: string; size: number; type: string } {
  const stored = parseInt(h.subarray(148, 156).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  if (stored !== sum) throw new ArchiveError('the archive is damaged (a tar header checksum does not match)');
  const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
  return { name, size: parseSize(h.subarray(124, 136)), type: String.fromCharCode(h[156]!) };
}

function readError(err: unknown, file: string): unknown {
  if (err instanceof ArchiveError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ArchiveError(`no such archive: ${file}`);
  // zlib: Z_BUF_ERROR (cut short), Z_DATA_ERROR (bad data or CRC).
  if (typeof code === 'string' && code.startsWith('Z_')) return new ArchiveError(`the archive is damaged or cut short (gzip: ${(err as Error).message})`);
  return err;
}

/**
 * Reads the archive entry by entry. Damage anywhere — a bad gzip stream or CRC, a cut-short
 * file, a bad tar header, a missing end marker — throws ArchiveError; the caller stages what it
 * extracts and keeps nothing unless the whole read succeeded.
 */
export async function* readArchive(file: string): AsyncGenerator<ReadEntry> {
  const gunzip = zlib.createGunzip();
  const input = fs.createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  try {
    for (;;) {
      const h = await reader.exact(BLOCK);
      if (!h) throw new ArchiveError('the archive is cut short (no end marker)');
      if (h.every((b) => b === 0)) {
        // The end: a second zero block, then only zero padding up to the end of the gzip stream.
        if (!(await reader.exact(BLOCK))) throw new ArchiveError('the archive is cut short (no end marker)');
        await reader.rest();
        return;
      }
      const { name, size, type } = checkHeader(h);
      if (type !== '0' && type !== '\0') throw new ArchiveError(`unexpected entry type '${type}' for ${name}`);
      let left = size;
      const chunks = async function* () {
        try {
          for await (const part of reader.take(left)) {
            left -= part.length;
            yield part;
          }
        } catch (err) {
          throw readError(err, file);
        }
      };
      yield { name, size, chunks };
      // Whatever the caller did not read is skipped.
      for await (const part of reader.take(left)) left -= part.length;
      if (!(await reader.exact((BLOCK - (size % BLOCK)) % BLOCK))) throw new ArchiveError('the archive is cut short (an entry ends early)');
    }
  } catch (err) {
    throw readError(err, file);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
