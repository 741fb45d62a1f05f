// Residents without an account, beyond the report itself (cases.test.ts): their photos, the point a
// report by QR code gets when the phone gives none, and answers in the resident's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bboxOf } from '../../../../core/src/geo/measure.js';
import type { AreaGeometry } from '../../../../core/src/geo/types.js';
import { clientFor, tableCounts, type Client, type TestApp, startTestApp } from '../../../test/harness.js';
import { locator } from '../geo/service.js';
import { gridsOf, pointIn, PNG } from './test-factories.js';

const HOME = '410105002012'; // 通信花园社区
const KEY = '5b0d8c1e-7f2a-4c39-9e61-2a7d4f0b93c5'; // the photo key one opened form made
const OTHER_KEY = 'a4e7f3b2-19c8-4d56-8b0e-6f21c9d73a18';

let t: TestApp;
let admin: Client;
let point: { lng: number; lat: number };

const anon = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, remoteAddress = '10.9.0.1') =>
  t.app.inject({ method: method as 'GET', url, headers, remoteAddress, ...(body === undefined ? {} : { payload: body as object }) });

async function uploadPublic(photoKey: string, body: Buffer = PNG, remoteAddress = '10.9.0.1') {
  return t.app.inject({ method: 'POST', url: '/api/public/photos', headers: { 'content-type': 'image/png', 'photo-key': photoKey }, payload: body, remoteAddress });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = (await clientFor(t, { roles: ['admin'], scopeAll: true })).client;
  point = await pointIn(t, (await gridsOf(t, HOME)).grids[0]!.id);
});
afterAll(() => t.close());

describe('photos of residents', () => {
  it('uploads photos under the form’s key, attaches them with the report, and shows them by tracking code', async () => {
    const up = await uploadPublic(KEY);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: 'image/png', width: 2, height: 2 });
    const second = (await uploadPublic(KEY)).json().id as number;
    const body = { categoryKey: 'matter:06010', description: '3号楼北侧垃圾桶满溢，两天没人清运', lng: point.lng, lat: point.lat, photoIds: [up.json().id, second], photoKey: KEY };
    const res = await anon('POST', '/api/public/reports', body, { 'idempotency-key': 'resident-photo-8d41e0a2' });
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode, number } = res.json();

    const progress = (await anon('GET', `/api/public/cases/${trackingCode}`)).json();
    expect(progress.photoIds).toEqual([up.json().id, second]);
    const photo = await anon('GET', `/api/public/cases/${trackingCode}/photos/${second}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    const thumb = await anon('GET', `/api/public/cases/${trackingCode}/photos/${second}?thumb=true`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    // Staff see them on the case like any report's photos.
    const id = (await admin.get(`/api/cases?q=${number}`)).json().items[0].id;
    const report = (await admin.get(`/api/cases/${id}`)).json().timeline.find((e: { action: string }) => e.action === 'report');
    expect(report.photoIds).toEqual([up.json().id, second]);
  });

  it('shows only the report’s own photos: another photo id answers 404', async () => {
    const stranger = (await uploadPublic(OTHER_KEY)).json().id as number;
    const res = await anon('POST', '/api/public/reports', { categoryKey: 'social:S12', description: '楼道灯坏了，晚上看不见台阶', lng: point.lng, lat: point.lat });
    const { trackingCode } = res.json();
    expect((await anon('GET', `/api/public/cases/${trackingCode}`)).json().photoIds).toEqual([]);
    expect((await anon('GET', `/api/public/cases/${trackingCode}/photos/${stranger}`)).statusCode).toBe(404);
    expect((await anon('GET', `/api/public/cases/ABCDEFGHJK/photos/${stranger}`)).statusCode).toBe(404);
  });

  it('refuses another form’s photo, a missing key and a text file named .jpg, and writes nothing', async () => {
    const theirs = (await uploadPublic(OTHER_KEY)).json().id as number;
    const before = await tableCounts(t);
    const report = (extra: object) => anon('POST', '/api/public/reports', { categoryKey: 'social:S12', description: '小区门口井盖松动', lng: point.lng, lat: point.lat, ...extra });
    const wrongKey = await report({ photoIds: [theirs], photoKey: KEY });
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json().error.code).toBe('PHOTO_NOT_FOUND');
    expect((await report({ photoIds: [theirs] })).json().error.code).toBe('PHOTO_NOT_FOUND');
    expect((await report({ photoIds: [1, 2, 3, 4], photoKey: OTHER_KEY })).statusCode).toBe(400); // more than three
    const text = await uploadPublic(KEY, Buffer.from('这不是照片，是一段文字'));
    expect(text.statusCode).toBe(415);
    const noKey = await t.app.inject({ method: 'POST', url: '/api/public/photos', headers: { 'content-type': 'image/png' }, payload: PNG, remoteAddress: '10.9.0.1' });
    expect(noKey.statusCode).toBe(400);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('answers 429 after 60 photos from one address in ten minutes', async () => {
    for (let n = 1; n <= 60; n++) expect((await uploadPublic(KEY, PNG, '10.9.0.66')).statusCode).toBe(201);
    const before = await tableCounts(t);
    const over = await uploadPublic(KEY, PNG, '10.9.0.66');
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect(await tableCounts(t)).toEqual(before);
    expect((await uploadPublic(KEY, PNG, '10.9.0.67')).statusCode).toBe(201);
  });
});

describe('a report by QR code without a point', () => {
  it('is placed inside its grid, even an L-shaped grid whose box centre lies in its neighbour', async () => {
    // Cut a demo grid along an L: the piece left is an L around the cut-out corner, and the centre
    // of the L's box falls in the corner piece.
    const community = (await gridsOf(t, '410105002005')).community;
    const features = (await admin.get(`/api/geo/features?rootId=${community.id}`)).json().features as { geometry: AreaGeometry; properties: { id: number; level: number } }[];
    const grid = features.find((f) => f.properties.level === 3)!;
    const [x0, y0, x1, y1] = bboxOf(grid.geometry);
    const w = x1 - x0, h = y1 - y0;
    const split = await admin.post(`/api/geo/nodes/${grid.properties.id}/split`, {
      line: [[x0 + 0.3 * w, y0 - 0.1 * h], [x0 + 0.3 * w, y0 + 0.65 * h], [x1 + 0.1 * w, y0 + 0.65 * h]],
      names: ['省卫生厅社区L形网格', '省卫生厅社区东南角网格'],
    });
    expect(split.statusCode, split.body).toBe(201);
    const pieces = (await admin.get(`/api/geo/features?rootId=${community.id}`)).json().features as { geometry: AreaGeometry; properties: { id: number; code: string | null } }[];
    const created = split.json().created as number[];
    const [lShape, corner] = created.map((id) => pieces.find((p) => p.properties.id === id)!).sort((a, b) => bboxArea(b.geometry) - bboxArea(a.geometry));
    const [bx0, by0, bx1, by1] = bboxOf(lShape!.geometry);
    // The old rule's point lies in the neighbour: the test means something.
    expect((await locator.locate(t.database.db, (bx0 + bx1) / 2, (by0 + by1) / 2))?.id).toBe(corner!.properties.id);

    const gridCode = lShape!.properties.code ?? `g${lShape!.properties.id}`;
    const res = await anon('POST', '/api/public/reports', { categoryKey: 'social:S02', description: '小区西门外的路灯不亮已经三天', gridCode });
    expect(res.statusCode, res.body).toBe(201);
    const id = (await admin.get(`/api/cases?q=${res.json().number}`)).json().items[0].id;
    const detail = (await admin.get(`/api/cases/${id}`)).json();
    expect(detail.orgUnitId).toBe(lShape!.properties.id);
    expect((await locator.locate(t.database.db, detail.lng, detail.lat))?.id).toBe(lShape!.properties.id);
  });
});

describe('answers in the resident’s language', () => {
  it('says what went wrong in English when the page asks in English', async () => {
    const res = await anon('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '路灯坏了', gridCode: '999999999999999' }, { 'accept-language': 'en' });
    expect(res.json().error).toMatchObject({ code: 'UNKNOWN_GRID', message: 'The grid of the QR code does not exist; mark the place on the map' });
    const zh = await anon('POST', '/api/public/reports', { categoryKey: 'matter:01001', description: '路灯坏了', gridCode: '999999999999999' }, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.message).toBe('二维码上的网格不存在，请在地图上标出位置');
  });
});

function bboxArea(g: AreaGeometry): number {
  const [x0, y0, x1, y1] = bboxOf(g);
  return (x1 - x0) * (y1 - y0);
}
