// Photos as files: uploads checked by their bytes (type, truncation, pixel bombs), stored in the
// file store, served with a fixed type and nosniff only to those who see the case, thumbnails
// made once, and photos of older releases moved out of the database at start-up.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import jpegJs from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { casePhotos } from '../../db/schema.js';
import { createFsFileStore, sha256Hex } from '../../storage/file-store.js';
import { gradientPng } from '../../seed/gradient-png.js';
import { clientFor, tableCounts, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { movePhotoBlobsToStore } from './photos.js';
import { gridsOf, pointIn, PNG } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const AWAY = '410105002001'; // 甲院社区

let t: TestApp;
let worker: Client;
let workerId: number;
let neighbour: Client; // another grid worker of the same grid: sees the case, not the unattached upload
let awaySecretary: Client; // another community: sees neither
let point: { lng: number; lat: number };

const WEBP = Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function jpeg(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) & 255, 90, 160, 255], i * 4);
  return jpegJs.encode({ data, width, height }, 85).data;
}

/** The JPEG with an EXIF block saying "turn 90° clockwise to view" (orientation 6), as phones write portraits. */
function withOrientation6(jpg: Buffer): Buffer {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255]), body]);
  return Buffer.concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]);
}

/** A valid PNG whose header claims `width` × `height`: a few bytes that would decode to gigabytes. */
function pngClaiming(width: number, height: number): Buffer {
  const copy = Buffer.from(PNG);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  return copy;
}

async function upload(c: Client, body: Buffer, type = 'application/octet-stream') {
  return c.request('POST', '/api/cases/photos', body, { 'content-type': type });
}

async function uploaded(c: Client, body: Buffer) {
  const res = await upload(c, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; contentType: string; size: number; width: number; height: number };
}

async function reportWith(c: Client, photoIds: number[]) {
  const res = await c.post('/api/cases', { categoryKey: 'matter:01001', description: '通信花园小区3号楼北侧道路积存垃圾，无人清运', lng: point.lng, lat: point.lat, photoIds });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().case as { id: number };
}

const storedFiles = () => (fs.existsSync(t.filesRoot) ? fs.readdirSync(t.filesRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

beforeAll(async () => {
  t = await startTestApp();
  const home = await gridsOf(t, HOME);
  const away = await gridsOf(t, AWAY);
  point = await pointIn(t, home.grids[0]!.id);
  const w = await clientFor(t, { roles: ['grid_worker_a'], nodeCodes: [home.grids[0]!.code!] });
  worker = w.client;
  workerId = w.user.id;
  neighbour = (await clientFor(t, { roles: ['grid_worker_b'], nodeCodes: [home.grids[0]!.code!] })).client;
  awaySecretary = (await clientFor(t, { roles: ['community_secretary'], nodeCodes: [away.community.code!] })).client;
});
afterAll(() => t.close());

describe('uploads are checked by their bytes', () => {
  it('takes JPEG, PNG and WebP whatever they are declared as, and stores the file, not a blob', async () => {
    const photo = jpeg(64, 48);
    const res = await uploaded(worker, photo);
    expect(res).toMatchObject({ contentType: 'image/jpeg', size: photo.length, width: 64, height: 48 });
    expect(await uploaded(worker, PNG)).toMatchObject({ contentType: 'image/png', width: 2, height: 2 });
    const webp = await upload(worker, WEBP, 'image/png'); // declared wrongly: the bytes decide
    expect(webp.json()).toMatchObject({ contentType: 'image/webp', width: 1, height: 1 });
    const heic = await upload(worker, PNG, 'image/heic'); // a type we do not take, declared over PNG bytes
    expect(heic.statusCode, heic.body).toBe(201);
    const text = await upload(worker, Buffer.from('plain words'), 'text/plain');
    expect([text.statusCode, text.json().error.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    // The catch-all body reader is the upload's alone: a report still has to be JSON.
    const report = await worker.request('POST', '/api/cases', '<categoryKey>matter:01001</categoryKey>', { 'content-type': 'application/xml' });
    expect([report.statusCode, report.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const [row] = await t.database.db.select().from(casePhotos).where(eq(casePhotos.id, res.id));
    const key = sha256Hex(photo);
    expect(row).toMatchObject({ storageKey: key, sha256: key, data: null });
    expect(fs.readFileSync(path.join(t.filesRoot, key.slice(0, 2), key.slice(2, 4), key)).equals(photo)).toBe(true);
  });

  it('stores the same bytes once, however many times they are uploaded', async () => {
    const photo = gradientPng(40, 30, 99);
    const before = storedFiles();
    const a = await uploaded(worker, photo);
    const b = await uploaded(neighbour, photo);
    expect(a.id).not.toBe(b.id);
    expect(storedFiles()).toBe(before + 1);
  });

  it('refuses empty, foreign, truncated and oversized-in-pixels files with a 4xx in Chinese and English, writing nothing', async () => {
    const before = await tableCounts(t);
    const filesBefore = storedFiles();
    const refused: [string, Buffer, number, string][] = [
      ['empty', Buffer.alloc(0), 400, 'FILE_EMPTY'],
      ['text named .jpg', Buffer.from('这不是图片，只是改了扩展名的文本文件'), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['SVG (script inside)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a PDF where a photo is expected', PDF, 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['an 8-byte "PNG"', PNG.subarray(0, 8), 422, 'FILE_TRUNCATED'],
      ['a PNG cut short', PNG.subarray(0, PNG.length - 5), 422, 'FILE_TRUNCATED'],
      ['a JPEG cut short', jpeg(64, 48).subarray(0, 300), 422, 'FILE_TRUNCATED'],
      ['a 100000×100000 PNG of 70 bytes', pngClaiming(100_000, 100_000), 422, 'IMAGE_TOO_MANY_PIXELS'],
      ['a 30000×10 strip', pngClaiming(30_000, 10), 422, 'IMAGE_TOO_MANY_PIXELS'],
    ];
    for (const [what, body, status, code] of refused) {
      const zh = await upload(worker, body, 'image/jpeg');
      expect(zh.statusCode, `${what}: ${zh.body}`).toBe(status);
      expect(zh.json().error.code, what).toBe(code);
      expect(zh.json().error.message, what).toMatch(/[\u4e00-\u9fa5]/);
      const en = await worker.request('POST', '/api/cases/photos', body, { 'content-type': 'image/jpeg', 'accept-language': 'en' });
      expect(en.json().error.message, what).toMatch(/^[\x20-\x7e×]+$/);
    }
    expect(await tableCounts(t)).toEqual(before);
    expect(storedFiles()).toBe(filesBefore);
  });
});

describe('photos are served safely, and only to those who see the case', () => {
  it('answers a fixed type, nosniff, an inline name of its own, and 304 for the same ETag', async () => {
    const { id } = await uploaded(worker, PNG);
    const res = await worker.get(`/api/cases/photos/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`inline; filename="photo-${id}.png"`);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.rawPayload.equals(PNG)).toBe(true);
    const again = await worker.request('GET', `/api/cases/photos/${id}`, undefined, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('shows an unattached upload to its owner only; an attached one to whoever sees the case; 404 like a missing id otherwise', async () => {
    const { id } = await uploaded(worker, gradientPng(20, 20, 3));
    const missing = await worker.get('/api/cases/photos/2000000000');
    expect(missing.statusCode).toBe(404);
    for (const url of [`/api/cases/photos/${id}`, `/api/cases/photos/${id}/thumb`]) {
      expect((await worker.get(url)).statusCode, url).toBe(200);
      const other = await neighbour.get(url);
      expect(other.statusCode, url).toBe(404);
      expect(other.json()).toEqual(missing.json());
    }
    await reportWith(worker, [id]);
    for (const url of [`/api/cases/photos/${id}`, `/api/cases/photos/${id}/thumb`]) {
      expect((await worker.get(url)).statusCode, url).toBe(200);
      expect((await neighbour.get(url)).statusCode, url).toBe(200);
      const away = await awaySecretary.get(url);
      expect(away.statusCode, url).toBe(404);
      expect(away.json()).toEqual(missing.json());
    }
  });
});

describe('thumbnails', () => {
  it('makes a JPEG of at most 320 px once, upright by the EXIF orientation, beside the original', async () => {
    const photo = withOrientation6(jpeg(640, 320)); // stored landscape, viewed as a portrait
    const { id } = await uploaded(worker, photo);
    const key = sha256Hex(photo);
    const res = await worker.get(`/api/cases/photos/${id}/thumb`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const thumb = jpegJs.decode(res.rawPayload);
    expect([thumb.width, thumb.height]).toEqual([160, 320]);
    const file = path.join(t.filesRoot, key.slice(0, 2), key.slice(2, 4), `${key}.thumb`);
    const made = fs.statSync(file).mtimeMs;
    await worker.get(`/api/cases/photos/${id}/thumb`);
    expect(fs.statSync(file).mtimeMs).toBe(made); // made once, then read
  });

  it('shrinks a PNG onto white, and leaves a small image its size', async () => {
    const { id } = await uploaded(worker, gradientPng(100, 50, 1));
    const thumb = jpegJs.decode((await worker.get(`/api/cases/photos/${id}/thumb`)).rawPayload);
    expect([thumb.width, thumb.height]).toEqual([100, 50]);
  });

  it('answers the original when the decoder cannot read the photo (an arithmetic-coded JPEG)', async () => {
    const photo = jpeg(40, 30);
    const sof = photo.indexOf(Buffer.from([0xff, 0xc0]));
    photo[sof + 1] = 0xc9; // SOF9: arithmetic coding, which jpeg-js does not decode
    const { id } = await uploaded(worker, photo);
    for (let i = 0; i < 2; i++) {
      const res = await worker.get(`/api/cases/photos/${id}/thumb`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.rawPayload.equals(photo)).toBe(true);
    }
  });

  it('answers the original for WebP, which has no decoder here', async () => {
    const res = await worker.get(`/api/cases/photos/${(await uploaded(worker, WEBP)).id}/thumb`);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.rawPayload.equals(WEBP)).toBe(true);
  });
});

describe('photos stored in the database by older releases', () => {
  /** A row as the previous release wrote it: the bytes in `data`, no key. */
  async function oldRow(bytes: Buffer, caseId: number | null = null) {
    const [row] = await t.database.db
      .insert(casePhotos)
      .values({ owner: `user:${workerId}`, uploadedBy: workerId, caseId, contentType: 'image/png', size: bytes.length, sha256: sha256Hex(bytes), data: bytes })
      .returning({ id: casePhotos.id });
    return row!.id;
  }

  it('are served from the row until moved, then moved to files once (again: nothing to do), still served', async () => {
    const bytes = gradientPng(30, 20, 7);
    const c = await reportWith(worker, []);
    const id = await oldRow(bytes, c.id);
    const unattached = await oldRow(gradientPng(31, 20, 8));
    expect((await neighbour.get(`/api/cases/photos/${id}`)).rawPayload.equals(bytes)).toBe(true);

    const moved = await movePhotoBlobsToStore({ db: t.database.db, files: t.files });
    expect(moved).toBeGreaterThanOrEqual(2);
    const rows = await t.database.db.select().from(casePhotos).where(sql`${casePhotos.id} in (${id}, ${unattached})`);
    for (const row of rows) {
      expect(row.data).toBeNull();
      expect(row.storageKey).toBe(row.sha256);
      expect(await t.files.exists(row.storageKey!)).toBe(true);
    }
    expect(rows.find((r) => r.id === id)).toMatchObject({ width: 30, height: 20 });
    expect(await movePhotoBlobsToStore({ db: t.database.db, files: t.files })).toBe(0);
    const res = await neighbour.get(`/api/cases/photos/${id}`);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect((await awaySecretary.get(`/api/cases/photos/${id}`)).statusCode).toBe(404);
  });

  it('resume after a stop between writing the file and emptying the row', async () => {
    const bytes = gradientPng(32, 20, 9);
    const id = await oldRow(bytes);
    await t.files.put(bytes); // the file was written, then the process died
    expect(await movePhotoBlobsToStore({ db: t.database.db, files: t.files })).toBe(1);
    const [row] = await t.database.db.select().from(casePhotos).where(eq(casePhotos.id, id));
    expect(row).toMatchObject({ storageKey: sha256Hex(bytes), data: null });
  });

  it('cannot lose bytes: a row with neither a key nor data is refused by the database', async () => {
    await expect(
      t.database.db.insert(casePhotos).values({ owner: `user:${workerId}`, contentType: 'image/png', size: 1, sha256: 'x'.repeat(64) }),
    ).rejects.toThrow();
  });
});

describe('a restart', () => {
  it('finds the photos again: a new app with a new store on the same folder serves them', async () => {
    const photo = jpeg(48, 32);
    const { id } = await uploaded(worker, photo);
    const restarted = await buildApp({ db: t.database.db, engine: t.database.engine, fieldCrypto: t.crypto, files: createFsFileStore(t.filesRoot) });
    try {
      const res = await restarted.inject({ method: 'GET', url: `/api/cases/photos/${id}`, headers: { cookie: worker.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(photo)).toBe(true);
    } finally {
      await restarted.close();
    }
  });
});
