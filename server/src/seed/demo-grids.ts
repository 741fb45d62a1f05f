// Generated geometry for a street (or a whole county): the street outline split into its real
// communities, each split into grids with GB/T 30428.1 codes, buildings and grid teams. Used for
// the demo street on first start and, at larger sizes, for benchmarks (`npm run demo:grids`).
import { and, asc, eq } from 'drizzle-orm';
import { mergeGeometries } from '../../../core/src/geo/edit.js';
import { generateTiling, placeBeside } from '../../../core/src/geo/generate.js';
import { areaM2, bboxOf, pointOnSurface } from '../../../core/src/geo/measure.js';
import { pointInGeometry } from '../../../core/src/geo/pip.js';
import type { AreaGeometry, BBox, Position } from '../../../core/src/geo/types.js';
import { systemActor } from '../actor.js';
import type { Db, DbOrTx } from '../db/client.js';
import { orgUnits } from '../db/schema.js';
import { recordAudit } from '../modules/audit/index.js';
import { nextGridCode } from '../modules/geo/index.js';
import { auditSnapshot, findActiveByCode, insertNode, type OrgUnitRow } from '../modules/territory/index.js';
import { bumpRevision, geometriesOnLevels, insertBuildings, insertTeamMember, setGeometry } from '../modules/geo/index.js';

// Around the real 花园路街道 (Zhengzhou): 花园路 runs north–south at about 113.68 E.
export const HUAYUANLU_BBOX: BBox = [113.6655, 34.7665, 113.6925, 34.7935];

const ROADS = ['花园路', '纬五路', '纬四路', '经三路', '经二路', '农业路', '黄河路', '政七街', '政六街', '红专路', '文化路', '金水路'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = ['建国', '秀英', '志强', '桂兰', '海燕', '伟', '丽娟', '国庆', '春梅', '晓东', '红霞', '德明', '玉珍', '立新', '雪梅', '文博', '静', '凤英', '振华', '淑芬'];

/** A small deterministic PRNG (mulberry32), so the same seed draws the same street. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Options {
  grids: number;
  seed?: number;
  bbox?: BBox;
  buildingsPerGrid?: [number, number];
  teams?: boolean;
}

const DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 40 → 四十, 999 → 九百九十九 (grid names as offices write them). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '');
  if (n < 100) return DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS[n % 10] : '');
  const rest = n % 100;
  return DIGITS[Math.floor(n / 100)] + '百' + (rest === 0 ? '' : rest < 10 ? '零' + DIGITS[rest] : rest < 20 ? '一' + chineseNumber(rest) : chineseNumber(rest));
}

/** Splits a total into n near-equal integer parts. */
export function spread(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

async function save(tx: DbOrTx, node: OrgUnitRow, geometry: AreaGeometry) {
  await setGeometry(tx, node.id, { geometry, bbox: bboxOf(geometry), areaM2: areaM2(geometry), isDraft: false, source: 'demo', createdBy: null });
}

function randomPointIn(g: AreaGeometry, rand: () => number): Position {
  const [x0, y0, x1, y1] = bboxOf(g);
  for (let i = 0; i < 200; i++) {
    const p: Position = [x0 + rand() * (x1 - x0), y0 + rand() * (y1 - y0)];
    if (pointInGeometry(p, g) === 'inside') return p;
  }
  return pointOnSurface(g);
}

/** Generates communities' and grids' geometry under existing community nodes. */
export async function generateGrids(db: Db, parents: OrgUnitRow[], communities: OrgUnitRow[], opts: Options) {
  const rand = prng(opts.seed ?? 410105002);
  // A second street goes beside the streets drawn already, never on top of them.
  const drawn = await geometriesOnLevels(db, { levels: [...new Set(parents.map((p) => p.level))] });
  const bbox = placeBeside(opts.bbox ?? HUAYUANLU_BBOX, drawn.map((d): BBox => [d.minLng, d.minLat, d.maxLng, d.maxLat]));
  const counts = spread(opts.grids, communities.length);
  if (counts.some((c) => c > 999)) throw new Error('at most 999 grids per community (GB/T 30428.1 3-digit grid number)');
  const tiling = generateTiling({ bbox, groups: counts, verticesPerCell: [8, 24], seed: opts.seed ?? 410105002 });
  const actor = systemActor();
  let grids = 0;
  let buildings = 0;
  await db.transaction(async (tx) => {
    for (const [ci, community] of communities.entries()) {
      const group = tiling.groups[ci]!;
      await save(tx, community, group.outline);
      const buildingRows = [];
      for (const [gi, cell] of group.cells.entries()) {
        const code = await nextGridCode(tx, community);
        const grid = await insertNode(tx, community, { name: `${community.name}第${chineseNumber(gi + 1)}网格`, level: community.level + 1, code, divisionCode: null, sortOrder: gi });
        await save(tx, grid, cell);
        await recordAudit(tx, actor, { action: 'geo.demo', entityType: 'org_unit', entityId: grid.id, scopePath: grid.path, after: auditSnapshot(grid) });
        grids++;
        const [bmin, bmax] = opts.buildingsPerGrid ?? [3, 6];
        const n = bmin + Math.floor(rand() * (bmax - bmin + 1));
        const road = ROADS[Math.floor(rand() * ROADS.length)]!;
        const yard = 1 + Math.floor(rand() * 120);
        for (let k = 1; k <= n; k++) {
          const [lng, lat] = randomPointIn(cell, rand);
          buildingRows.push({ orgUnitId: grid.id, name: `${yard}号院${k}号楼`, number: `${k}号楼`, address: `${road}${yard}号院${k}号楼`, lng, lat });
        }
        if (opts.teams ?? true) await seedTeam(tx, grid.id, gi, rand);
      }
      buildings += (await insertBuildings(tx, buildingRows)).length;
    }
    // Streets (and the county) take the union of what lies below them.
    for (const parent of parents) {
      const below = tiling.groups.filter((_, i) => communities[i]!.parentId === parent.id || parents.length === 1).map((g) => g.outline);
      if (below.length) await save(tx, parent, parents.length === 1 ? tiling.outline : mergeGeometries(below));
    }
    await bumpRevision(tx);
  });
  return { grids, buildings };
}

const person = (rand: () => number) => SURNAMES[Math.floor(rand() * SURNAMES.length)]! + GIVEN[Math.floor(rand() * GIVEN.length)]!;
const mobile = (rand: () => number) => '1' + ['35', '37', '38', '39', '58', '83', '87'][Math.floor(rand() * 7)] + String(Math.floor(rand() * 1e8)).padStart(8, '0');

/** "1+2+2+X": a leader per four grids, A/B workers, a proxy agent and a police officer per four grids. */
async function seedTeam(tx: DbOrTx, gridId: number, index: number, rand: () => number) {
  const members = [
    { role: 'grid_leader', name: person(rand), phone: mobile(rand) },
    { role: 'grid_worker_a', name: person(rand), phone: mobile(rand) },
    { role: 'grid_worker_b', name: person(rand), phone: mobile(rand) },
    { role: 'proxy_agent', name: person(rand), phone: mobile(rand) },
    { role: index % 2 === 0 ? 'police' : 'property', name: person(rand), phone: mobile(rand) },
  ];
  for (const [i, m] of members.entries()) await insertTeamMember(tx, { orgUnitId: gridId, userId: null, ...m, sortOrder: i });
}

/** The demo street: geometry for 花园路街道, its 10 communities and ~43 grids. */
export async function seedDemoGrids(db: Db, streetCode: string, grids: number, seed?: number) {
  const street = await findActiveByCode(db, streetCode);
  if (!street) throw new Error(`street ${streetCode} not found`);
  const communities = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, street.id), eq(orgUnits.status, 'active')))
    .orderBy(asc(orgUnits.code));
  return generateGrids(db, [street], communities, { grids, seed });
}
