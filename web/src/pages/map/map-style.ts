// How the territory looks on the map: the top level as an outline, middle levels (communities) with
// thicker borders, the deepest level (grids) lightly filled, one soft colour per parent.
import type { PathOptions } from 'leaflet';
import { wgs84ToGcj02 } from '@core/geo/coords';
import type { AreaGeometry, Crs, GridFeature, MapSettings, Position } from '@/api/types';

/** Shapes must be in the tiles' coordinates: GCJ-02 for AMap/Tencent tiles, WGS-84 otherwise (graph paper too). */
export function displayCrs(settings: MapSettings | null): Crs {
  return settings?.tileUrl && settings.crs === 'gcj02' ? 'gcj02' : 'wgs84';
}

/** A stored WGS-84 point in the map's coordinates. */
export function toDisplayCrs(p: Position, crs: Crs): Position {
  return crs === 'gcj02' ? wgs84ToGcj02(p) : p;
}

export type LevelRole = 'outline' | 'middle' | 'leaf';

/** The role of each level present in the data, by depth: shallowest outline, deepest leaf. */
export function levelRoles(features: GridFeature[]): Map<number, LevelRole> {
  const levels = [...new Set(features.map((f) => f.properties.level))].sort((a, b) => a - b);
  const roles = new Map<number, LevelRole>();
  levels.forEach((level, i) => {
    const role: LevelRole = i === levels.length - 1 ? 'leaf' : i === 0 ? 'outline' : 'middle';
    roles.set(level, role);
  });
  return roles;
}

// Soft fills that stay readable under dark labels and next to each other.
const PALETTE = ['#4e8ee8', '#36a66b', '#e0913a', '#9b6fd6', '#d45d79', '#2aa7b8', '#b59a2b', '#6b7fd6', '#5fae3c', '#d17a4a', '#3f9e95', '#a866b8'];

/** The fill colour shared by the grids of one parent (community). */
export function parentColour(parentId: number | null, order: Map<number, number>): string {
  const index = parentId === null ? 0 : (order.get(parentId) ?? parentId);
  return PALETTE[index % PALETTE.length] ?? '#4e8ee8';
}

/**
 * The look of one shape. `dense` when its level is only a few pixels wide on screen (a district of
 * thousands of grids seen whole): borders thin out so they do not paint the map solid.
 */
export function featureStyle(role: LevelRole, draft: boolean, fill: string, dense = false): PathOptions {
  const dash = draft ? '6 4' : undefined;
  switch (role) {
    case 'outline':
      return { color: '#0f2744', weight: dense ? 2 : 3.5, opacity: 0.9, fill: false, dashArray: dash };
    case 'middle':
      return { color: '#1f3f77', weight: dense ? 0.8 : 2.2, opacity: dense ? 0.55 : 0.85, fill: false, dashArray: dash };
    default:
      // Drafts (kept despite a broken tiling) stand out in dashed orange over the current grids.
      return draft
        ? { color: '#d46b08', weight: 1.5, opacity: 0.9, fillColor: '#fa8c16', fillOpacity: 0.06, dashArray: dash }
        : { color: '#6f819b', weight: dense ? 0.4 : 1, opacity: dense ? 0.35 : 0.75, fillColor: fill, fillOpacity: 0.16 };
  }
}

export const SELECTED_STYLE: PathOptions = { color: '#c41d7f', weight: 3, opacity: 1, fillColor: '#eb2f96', fillOpacity: 0.14 };
export const HOVER_STYLE: PathOptions = { color: '#123d7d', weight: 2, opacity: 0.9, fill: true, fillColor: '#1f5fbf', fillOpacity: 0.1 };

export type IssueKind = 'gap' | 'overlap' | 'outside';

/** A tiling problem drawn on the map. */
export interface MapIssue {
  key: string;
  kind: IssueKind;
  geometry: AreaGeometry;
}

/** A named point drawn on the map (a building), in the map's coordinates. */
export interface MapPoint {
  name: string;
  at: Position;
}

/** Tiling problems: gaps red, overlaps orange, pieces outside the parent red hatched-looking (dashed). */
export const ISSUE_STYLE: Record<IssueKind, PathOptions> = {
  gap: { color: '#d4380d', weight: 2, fillColor: '#f5222d', fillOpacity: 0.55 },
  overlap: { color: '#d46b08', weight: 2, fillColor: '#fa8c16', fillOpacity: 0.6 },
  outside: { color: '#a8071a', weight: 2, dashArray: '4 3', fillColor: '#ff4d4f', fillOpacity: 0.35 },
};

/** "8,520 m²" for small areas, "1.48 km²" past 100,000 m² (a grid is typically 0.1–0.5 km²). */
export function formatArea(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined) return '—';
  if (m2 < 100_000) return `${Math.round(m2).toLocaleString('en-US')} m²`;
  const km2 = m2 / 1_000_000;
  return `${km2.toFixed(km2 >= 10 ? 1 : 2)} km²`;
}
