// What an uploaded file is, read from its bytes alone (never its name or declared type): the
// format by its magic bytes, the pixel size from the image header, and whether it is cut short.
// Only what CivicGrid accepts is recognised: JPEG, PNG, WebP photos and PDF documents.

export type FileFormat = 'jpeg' | 'png' | 'webp' | 'pdf';
export type FileKind = 'image' | 'pdf';

export const CONTENT_TYPES: Record<FileFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
};
export const EXTENSIONS: Record<FileFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', pdf: 'pdf' };
export const KIND_OF: Record<FileFormat, FileKind> = { jpeg: 'image', png: 'image', webp: 'image', pdf: 'pdf' };

export type Sniffed =
  | { ok: true; format: FileFormat; width: number | null; height: number | null }
  /** unknown: not a format we take; truncated: the start says what it is, the rest is missing or broken. */
  | { ok: false; problem: 'unknown' | 'truncated'; format?: FileFormat };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const at = (data: Uint8Array, bytes: readonly number[], offset = 0) => offset + bytes.length <= data.length && bytes.every((b, i) => data[offset + i] === b);
const u16be = (d: Uint8Array, o: number) => (d[o]! << 8) | d[o + 1]!;
const u32be = (d: Uint8Array, o: number) => d[o]! * 0x1000000 + ((d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!);
const u16le = (d: Uint8Array, o: number) => d[o]! | (d[o + 1]! << 8);
const u24le = (d: Uint8Array, o: number) => d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16);
const u32le = (d: Uint8Array, o: number) => u24le(d, o) + d[o + 3]! * 0x1000000;

function lastIndexOf(data: Uint8Array, bytes: readonly number[], from: number): number {
  for (let i = data.length - bytes.length; i >= from; i--) if (at(data, bytes, i)) return i;
  return -1;
}

const truncated = (format: FileFormat): Sniffed => ({ ok: false, problem: 'truncated', format });
const image = (format: FileFormat, width: number, height: number): Sniffed =>
  width > 0 && height > 0 ? { ok: true, format, width, height } : truncated(format);

// PNG (ISO/IEC 15948): signature, IHDR first (13 bytes of data), IEND last.
function png(data: Uint8Array): Sniffed {
  if (data.length < 8 + 25 + 12 || !at(data, ascii('IHDR'), 12) || u32be(data, 8) !== 13) return truncated('png');
  const iend = [0, 0, 0, 0, ...ascii('IEND'), 0xae, 0x42, 0x60, 0x82];
  if (!at(data, iend, data.length - iend.length)) return truncated('png');
  return image('png', u32be(data, 16), u32be(data, 20));
}

// JPEG (ITU-T T.81): walk the marker segments up to the frame header (SOFn) and the scan (SOS);
// the image data must end with EOI. Phones may append data after EOI, so EOI is searched, not
// required as the last two bytes.
function jpeg(data: Uint8Array): Sniffed {
  let o = 2;
  let size: [number, number] | null = null;
  while (o + 4 <= data.length) {
    if (data[o] !== 0xff) return truncated('jpeg');
    const marker = data[o + 1]!;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2; // markers without a length
      continue;
    }
    const length = u16be(data, o + 2);
    if (length < 2 || o + 2 + length > data.length) return truncated('jpeg');
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 7) return truncated('jpeg');
      size = [u16be(data, o + 7), u16be(data, o + 5)];
    }
    if (marker === 0xda) {
      if (!size) return truncated('jpeg');
      if (lastIndexOf(data, [0xff, 0xd9], o + 2 + length) < 0) return truncated('jpeg');
      return image('jpeg', size[0], size[1]);
    }
    o += 2 + length;
  }
  return truncated('jpeg');
}

// WebP (RFC 9649): RIFF container whose size fits the file; the canvas size from VP8X, VP8L or VP8.
function webp(data: Uint8Array): Sniffed {
  if (data.length < 30 || u32le(data, 4) + 8 > data.length) return truncated('webp');
  const chunk = String.fromCharCode(...data.subarray(12, 16));
  if (chunk === 'VP8X') return image('webp', u24le(data, 24) + 1, u24le(data, 27) + 1);
  if (chunk === 'VP8L') {
    if (data[20] !== 0x2f) return truncated('webp');
    const bits = u32le(data, 21);
    return image('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ') {
    if (!at(data, [0x9d, 0x01, 0x2a], 23)) return truncated('webp');
    return image('webp', u16le(data, 26) & 0x3fff, u16le(data, 28) & 0x3fff);
  }
  return truncated('webp');
}

// PDF (ISO 32000): "%PDF-" at the start, "%%EOF" near the end (a cut-off download lacks it).
function pdf(data: Uint8Array): Sniffed {
  if (lastIndexOf(data, ascii('%%EOF'), Math.max(0, data.length - 1024)) < 0) return truncated('pdf');
  return { ok: true, format: 'pdf', width: null, height: null };
}

/** The format of the bytes with the image's pixel size, or why it is not an acceptable file. */
export function sniffFile(data: Uint8Array): Sniffed {
  if (at(data, PNG_SIGNATURE)) return png(data);
  if (at(data, [0xff, 0xd8, 0xff])) return jpeg(data);
  if (at(data, ascii('RIFF')) && at(data, ascii('WEBP'), 8)) return webp(data);
  if (at(data, ascii('%PDF-'))) return pdf(data);
  return { ok: false, problem: 'unknown' };
}

export interface PixelLimits {
  /** Width × height; a decoded image takes four bytes per pixel. */
  maxPixels: number;
  maxSide: number;
}

/** A phone's 50-megapixel photo passes; a "pixel bomb" (a tiny file claiming 100000×100000) does not. */
export const PHOTO_PIXEL_LIMITS: PixelLimits = { maxPixels: 50_000_000, maxSide: 20_000 };

export function withinPixelLimits(width: number, height: number, limits: PixelLimits = PHOTO_PIXEL_LIMITS): boolean {
  return width <= limits.maxSide && height <= limits.maxSide && width * height <= limits.maxPixels;
}
