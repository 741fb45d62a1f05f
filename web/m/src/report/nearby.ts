// Possible duplicates of a report being written, from the phone's own snapshot: cases to verify
// and my own reports within 100 m with the same category. (The server's own duplicate check —
// 200 m, related categories, similar words — runs when the report arrives and the dispatcher sees it.)
import { distanceM, type LngLat } from '../map/geo';
import type { SnapshotCase } from './field-data';

export const NEARBY_M = 100;

export interface NearbyCase {
  case: SnapshotCase;
  distanceM: number;
}

export function nearbySameCategory(point: LngLat | null, categoryKey: string | null, cases: readonly SnapshotCase[], radiusM = NEARBY_M): NearbyCase[] {
  if (!point || !categoryKey) return [];
  const seen = new Set<number>();
  const out: NearbyCase[] = [];
  for (const c of cases) {
    if (seen.has(c.id) || c.categoryKey !== categoryKey || c.lng === undefined || c.lat === undefined) continue;
    const d = distanceM(point, { lng: c.lng, lat: c.lat });
    if (d > radiusM) continue;
    seen.add(c.id);
    out.push({ case: c, distanceM: Math.round(d) });
  }
  return out.sort((a, b) => a.distanceM - b.distanceM).slice(0, 3);
}
