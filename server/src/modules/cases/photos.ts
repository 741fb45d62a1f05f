// Photos of reports and steps. Uploaded first (the raw image as the body), attached by the report
// or step that names them. The bytes decide the type (a text file named .jpg is refused) and live
// in the file store; the row keeps who may attach it, the case it belongs to and the file's key.
import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { sniffFile, type FileFormat } from '../../../../core/src/files/sniff.js';
import type { Actor } from '../../actor.js';
import type { Db } from '../../db/client.js';
import { casePhotos } from './tables.js';
import { AppError, notFound } from '../../errors.js';
import { checkUpload, PHOTO_RULES } from '../../storage/check-upload.js';
import { sha256Hex, type FileStore } from '../../storage/file-store.js';
import { thumbnailOf } from '../../storage/thumbnails.js';
import * as repo from './repo.js';

export interface PhotoDeps {
  db: Db;
  files: FileStore;
  /** Where a thumbnail that could not be made is reported (the original is served instead). */
  log?: { warn(obj: object, msg: string): void };
}

export const PHOTO_MAX_BYTES = PHOTO_RULES.maxBytes;

const FORMAT_OF: Record<string, FileFormat> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };
const EXTENSION_OF: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export const photoOwner = (actor: Actor) => `user:${actor.userId}`;

/**
 * Residents without an account all act as user 0: their photos belong to the photo key their
 * form made (a UUID kept on the phone, sent with each upload and with the report), stored hashed,
 * so one resident cannot attach another's upload by guessing its id.
 */
export const publicPhotoOwner = (photoKey: string) => `resident:${createHash('sha256').update(photoKey).digest('hex')}`;

export function uploadPhoto(deps: PhotoDeps, actor: Actor, data: Uint8Array) {
  return storePhoto(deps, { owner: photoOwner(actor), uploadedBy: actor.userId > 0 ? actor.userId : null }, data);
}

/** A resident's photo (POST /api/public/photos), attached by the report that sends the same key. */
export function uploadPublicPhoto(deps: PhotoDeps, photoKey: string, data: Uint8Array) {
  return storePhoto(deps, { owner: publicPhotoOwner(photoKey), uploadedBy: null }, data);
}

async function storePhoto(deps: PhotoDeps, by: { owner: string; uploadedBy: number | null }, data: Uint8Array) {
  const file = checkUpload(data, PHOTO_RULES);
  // The file goes first: a row never names bytes that are not stored. If the insert fails, the
  // file stays unreferenced (content-addressed, so a retry reuses it).
  const key = await deps.files.put(data);
  const [row] = await deps.db
    .insert(casePhotos)
    .values({ owner: by.owner, uploadedBy: by.uploadedBy, contentType: file.contentType, size: data.length, sha256: key, storageKey: key, width: file.width, height: file.height })
    .returning({ id: casePhotos.id, contentType: casePhotos.contentType, size: casePhotos.size, width: casePhotos.width, height: casePhotos.height });
  return row!;
}

export interface PhotoFile {
  bytes: Buffer;
  contentType: string;
  /** For Content-Disposition: `photo-<id>.<ext>`, never a name a client chose. */
  filename: string;
  /** The SHA-256 of the bytes served, for ETag. */
  etag: string;
}

/**
 * A photo the actor may see: of a case they see, or their own upload not attached yet (anything
 * else answers 404 like a missing id). `thumb` gives the thumbnail (a JPEG up to 320 px), made on
 * first request; a photo without one (WebP) answers its original.
 */
export async function readPhoto(deps: PhotoDeps, actor: Actor, id: number, variant: 'original' | 'thumb' = 'original'): Promise<PhotoFile> {
  const [row] = await deps.db
    .select({ caseId: casePhotos.caseId, owner: casePhotos.owner, contentType: casePhotos.contentType, storageKey: casePhotos.storageKey })
    .from(casePhotos)
    .where(eq(casePhotos.id, id));
  if (!row) throw photoNotFound();
  if (row.caseId === null) {
    if (row.owner !== photoOwner(actor)) throw photoNotFound();
  } else if (!(await repo.findCase(deps.db, actor, row.caseId))) throw photoNotFound();
  return photoFile(deps, id, row, variant);
}

/** A photo of the case a resident follows by its tracking code: only those `shown` (their report's own). */
export async function readPublicPhoto(deps: PhotoDeps, shown: readonly number[], id: number, variant: 'original' | 'thumb') {
  if (!shown.includes(id)) throw photoNotFound();
  const [row] = await deps.db.select({ contentType: casePhotos.contentType, storageKey: casePhotos.storageKey }).from(casePhotos).where(eq(casePhotos.id, id));
  if (!row) throw photoNotFound();
  return photoFile(deps, id, row, variant);
}

const photoNotFound = () => notFound({ zh: '照片', en: 'Photo' });

async function photoFile(deps: PhotoDeps, id: number, row: { contentType: string; storageKey: string | null }, variant: 'original' | 'thumb'): Promise<PhotoFile> {
  const missing = photoNotFound;
  const original = { contentType: row.contentType, filename: `photo-${id}.${EXTENSION_OF[row.contentType] ?? 'bin'}` };
  if (row.storageKey === null) {
    // Written by an instance of the previous release during an upgrade; the next start moves it.
    const [old] = await deps.db.select({ data: casePhotos.data }).from(casePhotos).where(eq(casePhotos.id, id));
    if (!old?.data) throw missing();
    return { ...original, bytes: old.data, etag: sha256Hex(old.data) };
  }
  const thumbKey = variant === 'thumb' ? await thumbnailOf(deps.files, row.storageKey, FORMAT_OF[row.contentType] ?? 'webp').catch((err: Error) => {
    // A file the pure-JavaScript decoders cannot read (e.g. an arithmetic-coded JPEG): show the original.
    deps.log?.warn({ photoId: id, err: err.message }, 'no thumbnail');
    return null;
  }) : null;
  const key = thumbKey ?? row.storageKey;
  const bytes = await deps.files.get(key);
  if (!bytes) throw new AppError(500, 'FILE_MISSING', { zh: '照片文件丢失，请联系管理员', en: 'The photo file is missing; tell the administrator' }, { key });
  return thumbKey ? { bytes, contentType: 'image/jpeg', filename: `photo-${id}-thumb.jpg`, etag: thumbKey } : { ...original, bytes, etag: key };
}

export const photoMissing = () => new AppError(400, 'PHOTO_NOT_FOUND', { zh: '照片不存在或已被使用，请重新上传', en: 'A photo does not exist or is already attached; upload it again' });

const MOVE_BATCH = 8;

/**
 * Moves photos stored in the database (before the file store) into the store: each row's bytes
 * are written as a file, then the row gets the key and loses the bytes, one row per statement.
 * Safe to stop anywhere and run again: a row is only emptied once its file exists, and writing
 * the same bytes twice is one file. Runs at start-up, after the SQL migrations.
 */
export async function movePhotoBlobsToStore(deps: PhotoDeps): Promise<number> {
  let moved = 0;
  for (;;) {
    // A few rows at a time: each may hold 10 MB.
    const rows = await deps.db
      .select({ id: casePhotos.id, data: casePhotos.data })
      .from(casePhotos)
      .where(and(isNull(casePhotos.storageKey), isNotNull(casePhotos.data)))
      .orderBy(asc(casePhotos.id))
      .limit(MOVE_BATCH);
    if (rows.length === 0) return moved;
    for (const row of rows) {
      const key = await deps.files.put(row.data!);
      const sniffed = sniffFile(row.data!);
      const size = sniffed.ok ? { width: sniffed.width, height: sniffed.height } : {};
      // The sha256 is made again from the bytes themselves: the key must name exactly these bytes.
      const done = await deps.db
        .update(casePhotos)
        .set({ storageKey: key, sha256: key, data: null, ...size })
        .where(and(eq(casePhotos.id, row.id), isNull(casePhotos.storageKey)))
        .returning({ id: casePhotos.id });
      moved += done.length;
    }
  }
}
