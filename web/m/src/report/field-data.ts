// What the quick-report and patrol screens read from the offline snapshot (CONTRACT.md "Offline
// data: one snapshot"), typed to the parts they use.
import type { FieldCategory } from './category-rank';
import type { BaseMap } from '../map/paper';
import type { GridOutline } from '../map/geo';

export interface SnapshotGrid extends GridOutline {
  code?: string;
  path?: string;
  communityName?: string;
}

export interface SnapshotCase {
  id: number;
  number: string;
  categoryKey?: string;
  categoryName: string;
  description?: string;
  lng?: number;
  lat?: number;
  address?: string | null;
  state?: string;
  stateName?: { zh: string; en: string } | string;
}

/** The parts of the snapshot these screens use. */
export interface ReportSnapshot {
  grids: SnapshotGrid[];
  baseMap: BaseMap | null;
  categories: FieldCategory[];
  recentCategories: string[];
  toVerify: SnapshotCase[];
  reportedByMe: SnapshotCase[];
}

export const EMPTY_SNAPSHOT: ReportSnapshot = { grids: [], baseMap: null, categories: [], recentCategories: [], toVerify: [], reportedByMe: [] };

/** The snapshot as the app keeps it, with every list present. */
export function reportView(raw: Partial<ReportSnapshot> | null | undefined): ReportSnapshot {
  return {
    grids: raw?.grids ?? [],
    baseMap: raw?.baseMap ?? null,
    categories: raw?.categories ?? [],
    recentCategories: raw?.recentCategories ?? [],
    toVerify: raw?.toVerify ?? [],
    reportedByMe: raw?.reportedByMe ?? [],
  };
}
