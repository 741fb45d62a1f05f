// The territory and users the report benchmarks (intake, crash) run on: a generated district of
// square grids with boundaries around 金水区, one dispatcher per street and API-token reporters.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Db } from '../server/src/db/client.js';
import { insertRows, nextIds, type Row } from '../server/src/db/bulk.js';
import { sha256 } from '../server/src/modules/auth/tokens.js';
import { bumpRevision } from '../server/src/modules/geo/repo.js';
import { chineseNumber } from '../server/src/seed/demo-grids.js';

export const BBOX = [113.515, 34.635, 113.845, 34.905] as const;

export const ROADS = ['花园路', '纬五路', '农业路', '经三路', '文化路', '丰产路', '东风路', '金水路', '黄河路', '红专路', '政七街', '南阳路'];
export const PROBLEMS = [
  '小区门口垃圾堆放，两天无人清运，气味很大',
  '人行道井盖松动，踩上去有响声，存在安全隐患',
  '路灯不亮，晚上出行不便',
  '楼道内堆放杂物，堵塞消防通道',
  '沿街商户占道经营，影响行人通行',
  '共享单车乱停放，堵住了小区出入口',
  '楼上住户养犬，夜间吠叫影响休息',
  '绿化带内有枯死树木，大风天有倒伏风险',
  '雨水井堵塞，下雨后路面积水严重',
  '施工工地夜间施工噪音扰民',
  '墙面小广告乱张贴，影响市容',
  '邻居装修占用公共楼道，双方发生争执',
];

// --------------------------------------------------------------------------------------------
// The district: streets → communities → square grids with boundaries.

export async function buildDistrict(db: Db, gridCount: number) {
  const side = Math.ceil(Math.sqrt(gridCount));
  const streetCount = Math.max(1, Math.round(gridCount / 200));
  const communityCount = Math.max(1, Math.round(gridCount / 20));
  const [districtId] = await nextIds(db, 'org_units', 1);
  const streetIds = await nextIds(db, 'org_units', streetCount);
  const communityIds = await nextIds(db, 'org_units', communityCount);
  const gridIds = await nextIds(db, 'org_units', gridCount);
  const units: Row[] = [{ id: districtId, parent_id: null, path: String(districtId), level: 0, code: '410105', name: '金水区', sort_order: 0 }];
  const streets = streetIds.map((id, i) => {
    const row = { id, parent_id: districtId, path: `${districtId}.${id}`, level: 1, code: `410105${String(i + 1).padStart(3, '0')}`, name: `${ROADS[i % ROADS.length]}${i >= ROADS.length ? chineseNumber(Math.floor(i / ROADS.length) + 1) : ''}街道`, sort_order: i };
    units.push(row);
    return row;
  });
  // Neighbouring grids share a community: communities are blocks of the square layout.
  const communities = communityIds.map((id, i) => {
    const s = streets[i % streetCount]!;
    const row = { id, parent_id: s.id, path: `${s.path}.${id}`, level: 2, code: `${s.code}${String(Math.floor(i / streetCount) + 1).padStart(3, '0')}`, name: `第${chineseNumber(i + 1)}社区`, sort_order: i };
    units.push(row);
    return row;
  });
  const geometries: Row[] = [];
  const w = (BBOX[2] - BBOX[0]) / side;
  const h = (BBOX[3] - BBOX[1]) / side;
  gridIds.forEach((id, i) => {
    const c = communities[Math.floor(i / 20) % communityCount]!;
    units.push({ id, parent_id: c.id, path: `${c.path}.${id}`, level: 3, code: `${c.code}${String((i % 20) + 1).padStart(3, '0')}`, name: `${c.name}第${chineseNumber((i % 20) + 1)}网格`, sort_order: i % 20 });
    const x0 = BBOX[0] + (i % side) * w;
    const y0 = BBOX[1] + Math.floor(i / side) * h;
    const ring = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]];
    geometries.push({ org_unit_id: id, geometry: { type: 'Polygon', coordinates: [ring] }, min_lng: x0, min_lat: y0, max_lng: x0 + w, max_lat: y0 + h, area_m2: w * h * 111_320 * 111_320 * Math.cos((y0 * Math.PI) / 180), source: 'import' });
  });
  await insertRows(db, 'org_units', 'id, parent_id, path, level, code, name, sort_order', units);
  await insertRows(db, 'org_unit_geometries', 'org_unit_id, geometry, min_lng, min_lat, max_lng, max_lat, area_m2, source', geometries);
  await bumpRevision(db);
  return { streets, rows: Math.ceil(gridCount / side), side };
}

/** One dispatcher per street (they get the new-case notifications) and one API-token reporter per client. */
export async function buildUsers(db: Db, streets: Array<{ id: number }>, clients: number): Promise<string[]> {
  const hash = 'bench-no-password-sign-in';
  const dispatcherIds = await nextIds(db, 'users', streets.length);
  const reporterIds = await nextIds(db, 'users', clients);
  const users: Row[] = [
    ...dispatcherIds.map((id, i) => ({ id, username: `bench_dispatch_${i + 1}`, display_name: `调度员${chineseNumber(i + 1)}`, password_hash: hash, roles: ['dispatcher'], must_change_password: false, scope_all: false })),
    ...reporterIds.map((id, i) => ({ id, username: `bench_api_${i + 1}`, display_name: `12345接口${i + 1}`, password_hash: hash, roles: ['dispatcher'], must_change_password: false, scope_all: true })),
  ];
  await insertRows(db, 'users', 'id, username, display_name, password_hash, roles, must_change_password, scope_all', users);
  await insertRows(db, 'user_org_units', 'user_id, org_unit_id', dispatcherIds.map((id, i) => ({ user_id: id, org_unit_id: streets[i]!.id })));
  const tokens = reporterIds.map(() => `cg_${randomBytes(24).toString('hex')}`);
  await insertRows(db, 'api_tokens', 'user_id, name, token_hash', reporterIds.map((id, i) => ({ user_id: id, name: '压测接口', token_hash: sha256(tokens[i]!) })));
  return tokens;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
