// Runs in a worker thread (server/src/storage/thumbnails.ts): decoding a 12-megapixel photo in
// pure JavaScript takes a second or more, which must not stall the server's event loop.
// Plain JavaScript so that the worker starts the same under tsx, vitest and node.
// Decoders: jpeg-js and pngjs (pure JavaScript, nothing native to build or download).
import { parentPort } from 'node:worker_threads';
import jpegJs from 'jpeg-js';
import pngJs from 'pngjs';

// Above this the upload check has already refused the file; the decoders get the same ceiling.
const MAX_MEGAPIXELS = 50;

/** The EXIF orientation (1–8) of a JPEG, 1 when it has none; phones store portraits turned. */
function exifOrientation(data) {
  let o = 2;
  while (o + 4 <= data.length && data[o] === 0xff) {
    const marker = data[o + 1];
    const length = (data[o + 2] << 8) | data[o + 3];
    if (marker === 0xda) break;
    const exif = o + 4;
    if (marker === 0xe1 && data.toString('latin1', exif, exif + 6) === 'Exif\0\0') {
      const tiff = exif + 6;
      const le = data.toString('latin1', tiff, tiff + 2) === 'II';
      const u16 = (p) => (le ? data.readUInt16LE(p) : data.readUInt16BE(p));
      const u32 = (p) => (le ? data.readUInt32LE(p) : data.readUInt32BE(p));
      if (tiff + 8 > o + 2 + length) return 1;
      const ifd = tiff + u32(tiff + 4);
      if (ifd + 2 > o + 2 + length) return 1;
      const count = u16(ifd);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + i * 12;
        if (entry + 12 > o + 2 + length) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    o += 2 + length;
  }
  return 1;
}

function decode(format, data) {
  if (format === 'jpeg') {
    const img = jpegJs.decode(data, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
    return { ...img, orientation: exifOrientation(data) };
  }
  if (format === 'png') {
    const img = pngJs.PNG.sync.read(data);
    return { width: img.width, height: img.height, data: img.data, orientation: 1 };
  }
  throw new Error(`no decoder for ${format}`);
}

/**
 * Scales the image so its longer side is at most `max` (area average: every source pixel counts,
 * so fine detail does not alias), turns it upright by its EXIF orientation, lays transparent
 * pixels on white, and answers RGBA.
 */
function shrink(img, max) {
  const turned = img.orientation >= 5; // 5–8 swap width and height
  const srcW = img.width;
  const srcH = img.height;
  const outW0 = turned ? srcH : srcW;
  const outH0 = turned ? srcW : srcH;
  const scale = Math.min(1, max / Math.max(outW0, outH0));
  const w = Math.max(1, Math.round(outW0 * scale));
  const h = Math.max(1, Math.round(outH0 * scale));
  const sum = new Float64Array(w * h * 4);
  const count = new Float64Array(w * h);
  const o = img.orientation;
  for (let y = 0; y < srcH; y++) {
    for (let x = 0; x < srcW; x++) {
      // Where the source pixel lands once upright (EXIF 2.32, tag 0x0112).
      let ux = x;
      let uy = y;
      if (o === 2) ux = srcW - 1 - x;
      else if (o === 3) [ux, uy] = [srcW - 1 - x, srcH - 1 - y];
      else if (o === 4) uy = srcH - 1 - y;
      else if (o === 5) [ux, uy] = [y, x];
      else if (o === 6) [ux, uy] = [srcH - 1 - y, x];
      else if (o === 7) [ux, uy] = [srcH - 1 - y, srcW - 1 - x];
      else if (o === 8) [ux, uy] = [y, srcW - 1 - x];
      const tx = Math.min(w - 1, Math.floor(ux * scale));
      const ty = Math.min(h - 1, Math.floor(uy * scale));
      const s = (y * srcW + x) * 4;
      const t = ty * w + tx;
      const alpha = img.data[s + 3] / 255;
      sum[t * 4] += img.data[s] * alpha + 255 * (1 - alpha);
      sum[t * 4 + 1] += img.data[s + 1] * alpha + 255 * (1 - alpha);
      sum[t * 4 + 2] += img.data[s + 2] * alpha + 255 * (1 - alpha);
      count[t] += 1;
    }
  }
  const out = Buffer.alloc(w * h * 4);
  for (let t = 0; t < w * h; t++) {
    const n = count[t] || 1;
    out[t * 4] = Math.round(sum[t * 4] / n);
    out[t * 4 + 1] = Math.round(sum[t * 4 + 1] / n);
    out[t * 4 + 2] = Math.round(sum[t * 4 + 2] / n);
    out[t * 4 + 3] = 255;
  }
  return { width: w, height: h, data: out };
}

parentPort.on('message', ({ id, format, data, max, quality }) => {
  try {
    const small = shrink(decode(format, Buffer.from(data)), max);
    const jpeg = jpegJs.encode(small, quality).data;
    parentPort.postMessage({ id, jpeg, width: small.width, height: small.height });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) });
  }
});
