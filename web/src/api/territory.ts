import type * as Territory from '@server-schema/territory';
import { http } from './http';
import type {
  Id,
  Division,
  DivisionImport,
  Items,
  Level,
  OrgUnit,
  OrgUnitDetail,
  OrgUnitHit,
} from './types';
import type { Wire } from './wire';

const id = (value: Id) => encodeURIComponent(String(value));

export type NewOrgUnit = Wire<typeof Territory.CreateBody>;
export type OrgUnitPatch = Wire<typeof Territory.UpdateBody>;

export const territoryApi = {
  levels: () => http.get<Items<Level>>('/api/territory/levels'),
  saveLevels: (items: Level[]) => http.put<Items<Level>>('/api/territory/levels', { items } satisfies Wire<typeof Territory.LevelsBody>),
  /** Children of `parentId`, or the actor's scope roots when it is omitted. */
  children: (parentId: Id | null, includeRetired = false) =>
    http.get<Items<OrgUnit>>('/api/territory/nodes', {
      parentId: parentId ?? undefined,
      includeRetired: includeRetired || undefined,
    } satisfies Wire<typeof Territory.ListQuery>),
  search: (q: string, limit = 20) => http.get<Items<OrgUnitHit>>('/api/territory/search', { q, limit } satisfies Wire<typeof Territory.SearchQuery>),
  node: (nodeId: Id, quiet = false) =>
    http.get<OrgUnitDetail>(`/api/territory/nodes/${id(nodeId)}`, undefined, { quiet: quiet || undefined }),
  create: (body: NewOrgUnit) => http.post<OrgUnit>('/api/territory/nodes', body),
  update: (nodeId: Id, body: OrgUnitPatch) =>
    http.patch<OrgUnit>(`/api/territory/nodes/${id(nodeId)}`, body),
  move: (nodeId: Id, parentId: Id) =>
    http.post<OrgUnit>(`/api/territory/nodes/${id(nodeId)}/move`, { parentId } satisfies Wire<typeof Territory.MoveBody>),
  retire: (nodeId: Id, reason: string, cascade: boolean) =>
    http.post<Wire<typeof Territory.RetireResult>>(
      `/api/territory/nodes/${id(nodeId)}/retire`,
      (cascade ? { reason, cascade } : { reason }) satisfies Wire<typeof Territory.RetireBody>,
      { quiet: ['HAS_ACTIVE_CHILDREN'] },
    ),
  division: (code: string) =>
    http.get<Division>(`/api/territory/divisions/${encodeURIComponent(code)}`, undefined, { quiet: ['NOT_FOUND'] }),
  importDivision: (code: string, parentId?: Id) =>
    http.post<DivisionImport>('/api/territory/import-division', (parentId ? { code, parentId } : { code }) satisfies Wire<typeof Territory.ImportBody>),
};
