// The one upload check: kinds by route, size, truncation and pixel limits, with stable codes.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { checkUpload, PHOTO_RULES, type UploadRules } from './check-upload.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOw6rcCIgYIBQAcYgQNLBfA/AAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DOCUMENT_RULES: UploadRules = { accept: ['image', 'pdf'], maxBytes: 1024 };

function refusal(data: Uint8Array, rules: UploadRules): [number, string] {
  try {
    checkUpload(data, rules);
  } catch (err) {
    if (err instanceof AppError) return [err.status, err.code];
    throw err;
  }
  throw new Error('accepted');
}

describe('checkUpload', () => {
  it('takes a PDF only where documents are expected', () => {
    expect(checkUpload(PDF, DOCUMENT_RULES)).toEqual({ format: 'pdf', contentType: 'application/pdf', extension: 'pdf', width: null, height: null });
    expect(refusal(PDF, PHOTO_RULES)).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect(refusal(PDF.subarray(0, 30), DOCUMENT_RULES)).toEqual([422, 'FILE_TRUNCATED']);
    expect(checkUpload(PNG, DOCUMENT_RULES).contentType).toBe('image/png');
  });

  it('refuses a file over the size limit before reading it', () => {
    expect(refusal(Buffer.concat([PDF, Buffer.alloc(2000, 0x20)]), DOCUMENT_RULES)).toEqual([413, 'FILE_TOO_LARGE']);
  });

  it('applies the route’s pixel limits', () => {
    expect(refusal(PNG, { accept: ['image'], maxBytes: 1024, pixels: { maxPixels: 3, maxSide: 10 } })).toEqual([422, 'IMAGE_TOO_MANY_PIXELS']);
    expect(checkUpload(PNG, { accept: ['image'], maxBytes: 1024, pixels: { maxPixels: 4, maxSide: 2 } }).width).toBe(2);
  });

  it('says what is accepted in both languages', () => {
    try {
      checkUpload(Buffer.from('hello'), DOCUMENT_RULES);
    } catch (err) {
      expect((err as AppError).messages).toEqual({
        zh: '只接受 JPEG、PNG、WebP、PDF 文件（按文件内容判断，不看文件名）',
        en: 'Only JPEG, PNG, WebP, PDF files are accepted (judged by their content, not their name)',
      });
    }
    expect.assertions(1);
  });
});
