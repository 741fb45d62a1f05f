// A zip built part by part with fflate's streaming Zip: a worksheet is encoded to UTF-8 and
// deflated a block at a time as its rows are written, so no string or byte array of the whole
// sheet is ever made.

import { Zip, ZipDeflate } from 'fflate';

const BLOCK_SIZE = 1 << 20;

export class ZipWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;

  constructor(private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9) {
    this.zip = new Zip((error, chunk) => {
      if (error) throw error;
      this.chunks.push(chunk);
    });
  }

  /** A part whose whole text is at hand. */
  add(name: string, text: string): void {
    const part = this.open(name);
    part.write(text);
    part.close();
  }

  /** A part written a piece at a time; close() it before opening the next one. */
  open(name: string): PartWriter {
    const file = new ZipDeflate(name, { level: this.level });
    this.zip.add(file);
    return new PartWriter(file);
  }

  /** The zip file (fflate calls back synchronously, so every chunk is in by the time end() returns). */
  finish(): Uint8Array {
    this.zip.end();
    const out = new Uint8Array(this.chunks.reduce((size, c) => size + c.length, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/**
 * Each piece is encoded as it comes, while it is still a small string: one string of a
 * 100,000-row sheet, encoded at the end, costs several times more (the rope of row strings is kept
 * alive through garbage collections, then flattened), and TextEncoder.encodeInto is much faster
 * than encode() on text with Chinese characters in Node 20.
 */
export class PartWriter {
  private readonly encoder = new TextEncoder();
  private block = new Uint8Array(BLOCK_SIZE);
  private used = 0;

  constructor(private readonly file: ZipDeflate) {}

  write(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const room = text.length * 3;
    if (this.used + room > this.block.length) {
      this.flush();
      if (room > this.block.length) this.block = new Uint8Array(room);
    }
    this.used += this.encoder.encodeInto(text, this.block.subarray(this.used)).written;
  }

  close(): void {
    this.file.push(this.block.subarray(0, this.used), true);
  }

  // ZipDeflate copies what it is given, so the block is reused.
  private flush(): void {
    this.file.push(this.block.subarray(0, this.used));
    this.used = 0;
  }
}
