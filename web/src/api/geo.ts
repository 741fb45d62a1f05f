import type * as Geo from '@server-schema/geo';
import { http } from './http';
import type {
  Building,
  Crs,
  EditResult,
  GeoImportRequest,
  GeoImportResult,
  GridCard,
  GridFeatureCollection,
  Id,
  Items,
  LocateResult,
  MapSettings,
  TeamMember,
  TilingReport,
} from './types';
import type { Wire } from './wire';

const id = (value: Id) => encodeURIComponent(String(value));

export type NewTeamMember = Wire<typeof Geo.TeamMemberBody>;

/** Grids on the map (docs/api.md, "Grids on the map"). Stored coordinates are WGS-84. */
export const geoApi = {
  /** quiet: a grid outside the caller's territory scope (404) is simply not drawn. */
  features: (crs: Crs, includeDrafts = false, rootId?: Id, quiet = false) =>
    http.get<GridFeatureCollection>('/api/geo/features', { crs, rootId, includeDrafts: includeDrafts || undefined } satisfies Wire<typeof Geo.FeaturesQuery>, { quiet: quiet ? ['NOT_FOUND'] : undefined }),
  node: (nodeId: Id) => http.get<GridCard>(`/api/geo/nodes/${id(nodeId)}`),
  tiling: (nodeId: Id, crs: Crs) => http.get<TilingReport>(`/api/geo/nodes/${id(nodeId)}/tiling`, { crs } satisfies Wire<typeof Geo.CrsQuery>),
  /** Errors are shown in the import dialog, next to the file they concern. */
  import: (body: GeoImportRequest) => http.post<GeoImportResult>('/api/geo/import', body, { quiet: true }),
  locate: (lat: number, lng: number, crs: Crs) => http.get<LocateResult>('/api/geo/locate', { lat, lng, crs } satisfies Wire<typeof Geo.LocateQuery>),
  /** Errors (TOO_MANY_GRIDS, ALREADY_IN_TEAM …) are shown in the member dialog. */
  addMember: (nodeId: Id, body: NewTeamMember) =>
    http.post<TeamMember>(`/api/geo/nodes/${id(nodeId)}/team`, body, { quiet: true }),
  /** Errors (SPLIT_LINE_INVALID, MERGE_NOT_NEIGHBOURS …) are shown in the redraw dialog. */
  split: (nodeId: Id, body: Wire<typeof Geo.SplitBody>) => http.post<EditResult>(`/api/geo/nodes/${id(nodeId)}/split`, body, { quiet: true }),
  merge: (body: Wire<typeof Geo.MergeBody>) => http.post<EditResult>('/api/geo/merge', body, { quiet: true }),
  removeMember: (memberId: Id) => http.delete<void>(`/api/geo/team/${id(memberId)}`),
  buildings: (rootId: Id) => http.get<Items<Building>>('/api/geo/buildings', { rootId } satisfies Wire<typeof Geo.BuildingsQuery>),
  mapSettings: () => http.get<MapSettings>('/api/geo/map-settings'),
  saveMapSettings: (body: MapSettings) => http.put<MapSettings>('/api/geo/map-settings', body),
  /** Links the browser opens itself (cookie-authenticated GETs). */
  contactCardUrl: (nodeId: Id) => `/api/geo/nodes/${id(nodeId)}/contact-card`,
  exportUrl: (crs: Crs, rootId?: Id) =>
    `/api/geo/export?${new URLSearchParams({ crs, ...(rootId ? { rootId: String(rootId) } : {}) }).toString()}`,
};
