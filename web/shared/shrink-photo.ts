// Photos are shrunk on the phone before they are sent: a 12-megapixel camera JPEG (4–8 MB) becomes
// a JPEG of at most 300 KB, small enough to send over a weak mobile signal and, in the field app,
// to keep dozens of reports waiting in the outbox. Re-encoding also drops the EXIF block (GPS,
// device), so the only position sent is the one chosen on the form. One copy for the field app
// (web/m) and the resident pages (web/src/pages/resident); its tests run with the field app's
// (web/m/src/report/shrink.test.ts).

/** Long sides tried in turn; 1600 px shows a pothole or a notice clearly on the console. */
export const LONG_SIDES = [1600, 1280, 1024, 800, 640, 480] as const;
/** JPEG qualities tried at each size, best first. */
export const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42] as const;

export interface Size {
  width: number;
  height: number;
}

/** The size of the image with its long side at most `longSide` (never enlarged). */
export function fitWithin(size: Size, longSide: number): Size {
  const scale = Math.min(1, longSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** Encodes the source at a size and quality. */
export type Encoder = (size: Size, quality: number) => Promise<Blob>;

/**
 * The search itself, apart from the browser's canvas: sizes from large to small, qualities from
 * high to low, the first result that fits wins; when nothing fits, the smallest one tried.
 */
export async function shrinkWith(source: Size, encode: Encoder, maxBytes: number): Promise<Blob> {
  let smallest: Blob | null = null;
  const sides = [...new Set(LONG_SIDES.map((side) => Math.min(side, Math.max(source.width, source.height))))];
  for (const [i, side] of sides.entries()) {
    const size = fitWithin(source, side);
    const last = i === sides.length - 1;
    for (const quality of QUALITIES) {
      const blob = await encode(size, quality);
      if (blob.size <= maxBytes) return blob;
      if (!smallest || blob.size < smallest.size) smallest = blob;
      // Quality alone rarely halves a file: far over the limit, try the next size at once.
      if (!last && blob.size > maxBytes * 2.5) break;
    }
  }
  if (!smallest) throw new Error('photo could not be encoded');
  return smallest;
}

interface Decoded {
  size: Size;
  image: CanvasImageSource;
  close(): void;
}

/** Decodes upright (EXIF orientation applied); falls back to an <img> where createImageBitmap refuses the file. */
async function decode(blob: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      return { size: { width: bitmap.width, height: bitmap.height }, image: bitmap, close: () => bitmap.close() };
    } catch {
      // Some browsers decode HEIC or odd JPEGs only through <img>.
    }
  }
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  try {
    await img.decode();
  } catch (err) {
    URL.revokeObjectURL(url);
    throw err;
  }
  // <img> applies EXIF orientation itself (CSS image-orientation: from-image is the default).
  return { size: { width: img.naturalWidth, height: img.naturalHeight }, image: img, close: () => URL.revokeObjectURL(url) };
}

function canvasEncoder(image: CanvasImageSource): Encoder {
  return async (size, quality) => {
    if (typeof OffscreenCanvas === 'function') {
      const canvas = new OffscreenCanvas(size.width, size.height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d canvas');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, 0, 0, size.width, size.height);
      return canvas.convertToBlob({ type: 'image/jpeg', quality });
    }
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, size.width, size.height);
    return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', quality));
  };
}

/** The photo as a JPEG of at most `maxBytes`, upright, long side at most 1600 px. */
export async function shrinkPhoto(blob: Blob, maxBytes = 300_000): Promise<Blob> {
  const decoded = await decode(blob);
  try {
    return await shrinkWith(decoded.size, canvasEncoder(decoded.image), maxBytes);
  } finally {
    decoded.close();
  }
}
