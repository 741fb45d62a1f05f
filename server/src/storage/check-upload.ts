// The one check every upload passes before it is stored: the bytes decide what the file is
// (core/src/files/sniff.ts), the route decides which kinds it takes, and size and pixel limits
// keep a phone photo in and a decompression bomb out.
import { CONTENT_TYPES, EXTENSIONS, KIND_OF, PHOTO_PIXEL_LIMITS, sniffFile, withinPixelLimits, type FileFormat, type FileKind, type PixelLimits } from '../../../core/src/files/sniff.js';
import { AppError } from '../errors.js';

export interface UploadRules {
  /** What the route expects: photos take 'image'; a document upload takes 'image' and 'pdf'. */
  accept: readonly FileKind[];
  maxBytes: number;
  pixels?: PixelLimits;
}

export interface CheckedFile {
  format: FileFormat;
  contentType: string;
  extension: string;
  width: number | null;
  height: number | null;
}

/** Photos of reports and steps: JPEG, PNG or WebP up to 10 MB. */
export const PHOTO_RULES: UploadRules = { accept: ['image'], maxBytes: 10 * 1024 * 1024 };

const ACCEPTED: Record<FileKind, string> = { image: 'JPEG、PNG、WebP', pdf: 'PDF' };

/** The file's facts, or a 4xx AppError that says in Chinese and English what is wrong with it. */
export function checkUpload(data: Uint8Array, rules: UploadRules): CheckedFile {
  const mb = Math.round(rules.maxBytes / 1024 / 1024);
  if (data.length === 0) throw new AppError(400, 'FILE_EMPTY', { zh: '文件为空', en: 'The file is empty' });
  if (data.length > rules.maxBytes) throw new AppError(413, 'FILE_TOO_LARGE', { zh: `文件超过 ${mb} MB`, en: `The file is larger than ${mb} MB` });
  const sniffed = sniffFile(data);
  const names = rules.accept.map((k) => ACCEPTED[k]).join('、');
  const wrongType = () =>
    new AppError(415, 'FILE_TYPE_NOT_ALLOWED', { zh: `只接受 ${names} 文件（按文件内容判断，不看文件名）`, en: `Only ${names.replace(/、/g, ', ')} files are accepted (judged by their content, not their name)` }, { accepted: rules.accept });
  if (!sniffed.ok && sniffed.problem === 'unknown') throw wrongType();
  const format = sniffed.ok ? sniffed.format : sniffed.format!;
  if (!rules.accept.includes(KIND_OF[format])) throw wrongType();
  if (!sniffed.ok) throw new AppError(422, 'FILE_TRUNCATED', { zh: '文件不完整或已损坏，请重新上传', en: 'The file is incomplete or damaged; upload it again' }, { format });
  const { width, height } = sniffed;
  const limits = rules.pixels ?? PHOTO_PIXEL_LIMITS;
  if (width !== null && height !== null && !withinPixelLimits(width, height, limits)) {
    const mp = Math.round(limits.maxPixels / 1_000_000);
    throw new AppError(
      422,
      'IMAGE_TOO_MANY_PIXELS',
      { zh: `图片尺寸 ${width}×${height} 过大（最多 ${mp} 百万像素，每边不超过 ${limits.maxSide}）`, en: `The image is ${width}×${height}: at most ${mp} megapixels and ${limits.maxSide} pixels a side` },
      { width, height },
    );
  }
  return { format, contentType: CONTENT_TYPES[format], extension: EXTENSIONS[format], width, height };
}
