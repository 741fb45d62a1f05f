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

/** A child sits strictly deeper than its parent; levels may be skipped (a 3-level tree). */
export function canNest(parentLevel: number, childLevel: number): boolean {
  return childLevel > parentLevel;
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
