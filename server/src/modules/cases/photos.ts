// Photos of reports and steps. Uploaded first (the raw image as the body), attached by the report
// or step that names them. The bytes decide the type: a text file named .jpg is refused.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { casePhotos } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import * as repo from './repo.js';

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => data[at + i] === b);

/** The image type of the bytes (JPEG, PNG, WebP), or null. */
export function sniffImage(data: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (data.length >= 4 && startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (data.length >= 8 && startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (data.length >= 12 && startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

export const photoOwner = (actor: Actor) => `user:${actor.userId}`;

export async function uploadPhoto(db: Db, actor: Actor, data: Uint8Array) {
  if (data.length === 0) throw new AppError(400, 'PHOTO_EMPTY', { zh: '照片为空', en: 'The photo is empty' });
  const type = sniffImage(data);
  if (!type) throw new AppError(415, 'PHOTO_NOT_IMAGE', { zh: '文件不是 JPEG、PNG 或 WebP 图片', en: 'The file is not a JPEG, PNG or WebP image' });
  const [row] = await db
    .insert(casePhotos)
    .values({ owner: photoOwner(actor), uploadedBy: actor.userId, contentType: type, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), data: Buffer.from(data) })
    .returning({ id: casePhotos.id, contentType: casePhotos.contentType, size: casePhotos.size });
  return row!;
}

/** A photo the actor may see: of a case they see, or their own upload not attached yet. */
export async function readPhoto(db: Db, actor: Actor, id: number) {
  const [row] = await db.select().from(casePhotos).where(eq(casePhotos.id, id));
  const missing = () => notFound({ zh: '照片', en: 'Photo' });
  if (!row) throw missing();
  if (row.caseId === null) {
    if (row.owner !== photoOwner(actor)) throw missing();
  } else if (!(await repo.findCase(db, actor, row.caseId))) throw missing();
  return row;
}

export const photoMissing = () => new AppError(400, 'PHOTO_NOT_FOUND', { zh: '照片不存在或已被使用，请重新上传', en: 'A photo does not exist or is already attached; upload it again' });
