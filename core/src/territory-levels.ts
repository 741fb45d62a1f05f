// Territory levels: depth and names are configuration (the seeds show 3-, 4- and 5-level trees).

export interface TerritoryLevel {
  level: number; // 0 = the top of the deployment
  key: string; // stable machine key, e.g. 'street'
  nameZh: string;
  nameEn: string;
}

export const DEFAULT_LEVELS: readonly TerritoryLevel[] = [
  { level: 0, key: 'district', nameZh: '区', nameEn: 'District' },
  { level: 1, key: 'street', nameZh: '街道', nameEn: 'Street' },
  { level: 2, key: 'community', nameZh: '社区', nameEn: 'Community' },
  { level: 3, key: 'grid', nameZh: '网格', nameEn: 'Grid' },
  { level: 4, key: 'unit_grid', nameZh: '单元网格', nameEn: 'Unit grid' },
  { level: 5, key: 'building', nameZh: '楼栋', nameEn: 'Building' },
];

/**
 * Levels a child may skip on its way down: a grid without unit grids holds its buildings itself.
 * No other level is skipped — a grid always sits in a community (村/社区), a community in a street.
 * A deployment with fewer levels (a 3-level tree) says so in its level table instead.
 */
export const OPTIONAL_LEVEL_KEYS: readonly string[] = ['unit_grid'];

/** A child sits deeper than its parent, skipping only optional levels. */
export function canNest(parentLevel: number, childLevel: number, levels: readonly TerritoryLevel[] = DEFAULT_LEVELS): boolean {
  if (childLevel <= parentLevel) return false;
  return levels.every((l) => l.level <= parentLevel || l.level >= childLevel || OPTIONAL_LEVEL_KEYS.includes(l.key));
}

/**
 * The register's records (people, households, dwellings, places, components) are placed on a grid
 * (网格) or below it, never on a street or community as a whole. A level table without a 'grid'
 * level places them on its deepest level.
 */
export function canHoldRecords(level: number, levels: readonly TerritoryLevel[] = DEFAULT_LEVELS): boolean {
  const grid = levels.find((l) => l.key === 'grid');
  const floor = grid ? grid.level : Math.max(...levels.map((l) => l.level));
  return level >= floor;
}

/** Problems with a level table: levels 0..n-1 in order, unique keys, names present. */
export function levelTableProblem(levels: readonly TerritoryLevel[]): string | null {
  if (levels.length < 2) return 'at least two levels';
  const keys = new Set<string>();
  for (const [i, l] of levels.entries()) {
    if (l.level !== i) return `levels must be numbered 0..${levels.length - 1} in order`;
    if (keys.has(l.key)) return `duplicate key ${l.key}`;
    keys.add(l.key);
  }
  return null;
}
