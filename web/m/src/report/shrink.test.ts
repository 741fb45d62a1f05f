// The shrinking shared with the resident pages (web/shared/shrink-photo.ts), tested with the field app's logic.
import { describe, expect, it } from 'vitest';
import { fitWithin, shrinkWith, type Size } from '../../../shared/shrink-photo';

// A stand-in for the canvas: JPEG bytes grow with the pixels and the quality, like a camera photo
// (about 1.6 bits a pixel at quality 0.82 for a busy street scene, `busy` times more for foliage).
function fakeEncoder(busy = 1) {
  const calls: { size: Size; quality: number }[] = [];
  const encode = async (size: Size, quality: number) => {
    calls.push({ size, quality });
    const bitsPerPixel = busy * (0.3 + 1.6 * quality);
    return new Blob([new Uint8Array(Math.round((size.width * size.height * bitsPerPixel) / 8))], { type: 'image/jpeg' });
  };
  return { encode, calls };
}

describe('fitWithin', () => {
  it('scales the long side down and keeps the shape', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin({ width: 3000, height: 4000 }, 1600)).toEqual({ width: 1200, height: 1600 });
  });
  it('never enlarges', () => {
    expect(fitWithin({ width: 800, height: 600 }, 1600)).toEqual({ width: 800, height: 600 });
  });
});

describe('shrinkWith', () => {
  it('brings a 12-megapixel photo under 300 KB at a long side of at most 1600 px', async () => {
    const { encode, calls } = fakeEncoder();
    const out = await shrinkWith({ width: 4000, height: 3000 }, encode, 300_000);
    expect(out.size).toBeLessThanOrEqual(300_000);
    expect(Math.max(calls[0]!.size.width, calls[0]!.size.height)).toBe(1600);
    // The first quality that fits is kept: no needless loss.
    expect(calls.length).toBeLessThan(5);
  });

  it('goes smaller when lower quality alone is not enough (a photo of leaves)', async () => {
    const { encode, calls } = fakeEncoder(4);
    const out = await shrinkWith({ width: 4000, height: 3000 }, encode, 300_000);
    expect(out.size).toBeLessThanOrEqual(300_000);
    const last = calls.at(-1)!;
    expect(Math.max(last.size.width, last.size.height)).toBeLessThan(1600);
  });

  it('keeps a small photo at its own size', async () => {
    const { encode, calls } = fakeEncoder();
    await shrinkWith({ width: 640, height: 480 }, encode, 300_000);
    expect(calls[0]!.size).toEqual({ width: 640, height: 480 });
  });

  it('returns the smallest attempt when nothing fits', async () => {
    const { encode } = fakeEncoder(50);
    const out = await shrinkWith({ width: 4000, height: 3000 }, encode, 1_000);
    expect(out.size).toBeGreaterThan(1_000);
    const bits = 50 * (0.3 + 1.6 * 0.42);
    expect(out.size).toBe(Math.round((480 * 360 * bits) / 8));
  });
});
