import { describe, expect, it } from 'vitest';
import jpegJs from 'jpeg-js';
import { sniffFile, withinPixelLimits } from './sniff.js';

// A 2×2 PNG, and the three 1×1 WebP variants (lossless VP8L, lossy VP8, extended VP8X with alpha).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOw6rcCIgYIBQAcYgQNLBfA/AAAAABJRU5ErkJggg==', 'base64');
const WEBP_LOSSLESS = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const WEBP_LOSSY = Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64');
const WEBP_ALPHA = Buffer.from('UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function jpeg(width: number, height: number): Buffer {
  return jpegJs.encode({ data: Buffer.alloc(width * height * 4, 0x80), width, height }, 80).data;
}

/** A PNG whose IHDR claims `width` × `height` (the header is all a pixel bomb needs to lie). */
function pngClaiming(width: number, height: number): Buffer {
  const copy = Buffer.from(PNG);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  return copy;
}

describe('sniffFile', () => {
  it('names JPEG, PNG, WebP and PDF by their bytes, with the pixel size', () => {
    expect(sniffFile(PNG)).toEqual({ ok: true, format: 'png', width: 2, height: 2 });
    expect(sniffFile(jpeg(33, 17))).toEqual({ ok: true, format: 'jpeg', width: 33, height: 17 });
    expect(sniffFile(WEBP_LOSSLESS)).toEqual({ ok: true, format: 'webp', width: 1, height: 1 });
    expect(sniffFile(WEBP_LOSSY)).toEqual({ ok: true, format: 'webp', width: 1, height: 1 });
    expect(sniffFile(WEBP_ALPHA)).toEqual({ ok: true, format: 'webp', width: 1, height: 1 });
    expect(sniffFile(PDF)).toEqual({ ok: true, format: 'pdf', width: null, height: null });
  });

  it('takes a JPEG with data after its end marker, as some phones write', () => {
    expect(sniffFile(Buffer.concat([jpeg(8, 8), Buffer.from('SEFT trailer of a phone camera')]))).toMatchObject({ ok: true, format: 'jpeg' });
  });

  it('refuses what is not a photo or PDF, whatever it is called', () => {
    for (const bytes of [
      Buffer.from('这不是图片，只是改了扩展名的文本文件'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('GIF89a\x01\x00\x01\x00'),
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.alloc(0),
    ]) {
      expect(sniffFile(bytes)).toEqual({ ok: false, problem: 'unknown' });
    }
  });

  it('finds truncated files: an 8-byte "PNG", cut-off images and a PDF without its end', () => {
    const cases: [string, Uint8Array][] = [
      ['png', PNG.subarray(0, 8)],
      ['png', PNG.subarray(0, 40)],
      ['png', PNG.subarray(0, PNG.length - 1)],
      ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
      ['jpeg', jpeg(40, 30).subarray(0, 200)],
      ['jpeg', jpeg(40, 30).subarray(0, -2)],
      ['webp', WEBP_LOSSY.subarray(0, 36)],
      ['webp', WEBP_LOSSLESS.subarray(0, 12)],
      ['pdf', Buffer.from('%PDF-1.7\n1 0 obj')],
    ];
    for (const [format, bytes] of cases) expect(sniffFile(bytes), `${format} of ${bytes.length} bytes`).toEqual({ ok: false, problem: 'truncated', format });
  });

  it('reads the claimed size of a pixel bomb without decoding it, and the limits refuse it', () => {
    const bomb = sniffFile(pngClaiming(100_000, 100_000));
    expect(bomb).toEqual({ ok: true, format: 'png', width: 100_000, height: 100_000 });
    expect(withinPixelLimits(100_000, 100_000)).toBe(false);
    expect(withinPixelLimits(20_001, 10)).toBe(false); // one side too long
    expect(withinPixelLimits(10_000, 6_000)).toBe(false); // 60 MP
    expect(withinPixelLimits(8_160, 6_120)).toBe(true); // a 50 MP phone photo
    expect(withinPixelLimits(12_000, 3_000)).toBe(true); // a panorama
    expect(sniffFile(pngClaiming(0, 5))).toMatchObject({ ok: false, problem: 'truncated' });
  });
});
