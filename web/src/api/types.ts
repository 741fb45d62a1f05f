// Shapes of the HTTP API (docs/api.md). Where the server declares a schema the type is derived from
// it (see wire.ts); the rest (geo answers, which have no response schema yet) are written here.
import type { RoleKey } from '@core/roles';
import type * as Audit from '@server-schema/audit';
import type * as Auth from '@server-schema/auth';
import type * as Departments from '@server-schema/departments';
import type * as Geo from '@server-schema/geo';
import type * as OverviewSchema from '@server-schema/overview';
import type * as Territory from '@server-schema/territory';
import type * as Users from '@server-schema/users';
import type { Refine, Wire } from './wire';

export type { RoleKey };

/** Database ids are integers. */
export type Id = number;

export type Me = Refine<Wire<typeof Auth.Me>, { roles: RoleKey[] }>;
export type ScopeRef = Me['scopes'][number];
export type DepartmentRef = Me['departments'][number];
export type SessionAnswer = Refine<Wire<typeof Auth.MeResponse>, { user: Me }>;
export type ApiToken = Wire<typeof Auth.TokenItem>;
export type CreatedToken = Wire<typeof Auth.TokenCreated>;

export type Role = Refine<Wire<typeof Users.RoleList>['items'][number], { key: RoleKey }>;
export type Level = Wire<typeof Territory.Level>;
export type OrgUnit = Wire<typeof Territory.OrgUnit>;
export type OrgUnitStatus = OrgUnit['status'];
export type OrgUnitHit = Wire<typeof Territory.SearchResult>['items'][number];
export type OrgUnitDetail = Wire<typeof Territory.OrgUnitDetail>;
export type OrgUnitAbilities = OrgUnitDetail['abilities'];
/** A division of the national code list; `existing`: a live node with this code exists already. */
export type Division = Wire<typeof Territory.DivisionPreview>;
export type DivisionImport = Wire<typeof Territory.ImportResult>;

export type UserStatus = NonNullable<Wire<typeof Users.ListQuery>['status']>;
export type User = Refine<Wire<typeof Users.User>, { roles: RoleKey[]; status: UserStatus }>;

// The console lists the kinds in this order; `satisfies` keeps it equal to the server's list.
export const DEPARTMENT_KINDS = [
  'city_management',
  'municipal',
  'property',
  'police',
  'market',
  'housing',
  'other',
] as const satisfies typeof Departments.DEPARTMENT_KINDS;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export type Department = Refine<Wire<typeof Departments.Department>, { kind: DepartmentKind; status: 'active' | 'retired' }>;

export type AuditEntry = Wire<typeof Audit.AuditEntry>;

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}

/** Live nodes per level in the caller's scope; active users per role (empty without user.read). */
export type Overview = Wire<typeof OverviewSchema.Overview>;

// Grids on the map (/api/geo). Coordinates are [lng, lat], in the crs the request asked for.

export type Crs = MapSettings['crs'];
export type Position = [number, number];

export type AreaGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface GridProperties {
  id: Id;
  name: string;
  code: string | null;
  level: number;
  levelName: string | null;
  levelNameEn: string | null;
  parentId: Id | null;
  areaM2: number;
  draft: boolean;
  /** A point inside the shape for its label. */
  labelAt: Position;
  validFrom: string;
}

export interface GridFeature {
  type: 'Feature';
  id?: Id;
  geometry: AreaGeometry;
  properties: GridProperties;
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: GridFeature[];
}

export const TEAM_ROLES = [
  'grid_leader',
  'grid_worker_a',
  'grid_worker_b',
  'proxy_agent',
  'police',
  'property',
  'volunteer',
  'other',
] as const satisfies typeof Geo.TEAM_ROLES;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamMember {
  id: Id;
  role: TeamRole;
  name: string;
  phone: string | null;
  userId: Id | null;
}

/** The grid card: the node, its parent, its size and its team. */
export interface GridCard extends OrgUnit {
  parent: { id: Id; name: string } | null;
  areaM2: number | null;
  geometryValidFrom: string | null;
  /** Unknown (null) until the register exists. */
  households: number | null;
  buildings: number;
  team: TeamMember[];
}

export interface GeometryProblem {
  code: string;
  ring?: number;
  polygon?: number;
  at?: Position;
  zh: string;
  en: string;
}

export interface TilingReport {
  ok: boolean;
  gaps: { geometry: AreaGeometry; areaM2: number }[];
  overlaps: { a: Id; b: Id; geometry: AreaGeometry; areaM2: number }[];
  outside: { id: Id; geometry: AreaGeometry; areaM2: number }[];
  /** id -1 stands for the parent itself; negative ids in an import are features still to be created. */
  invalid: { id: Id; problems: GeometryProblem[] }[];
  /**
   * Overlaps of the node or its children (id) with nodes of the same level outside the node
   * (other): a street drawn on top of another. other and otherName are null outside the caller's scope.
   */
  neighbours: { id: Id; other: Id | null; otherName: string | null; geometry: AreaGeometry; areaM2: number }[];
  /** Pieces ignored as numerical noise. */
  slivers: number;
}

export interface GeoImportRequest {
  parentId: Id;
  featureCollection: { type: 'FeatureCollection'; features: unknown[] };
  crs?: Crs;
  match?: 'code' | 'name';
  createMissing?: boolean;
  draft?: boolean;
  dryRun?: boolean;
}

export interface GeoImportResult {
  matched: number;
  created: number;
  report: TilingReport;
  written: boolean;
  draft?: boolean;
}

export interface LocatedNode {
  id: Id;
  name: string;
  level: number;
  levelName: string | null;
}

export type LocateResult =
  | { found: true; wgs84: { lng: number; lat: number }; grid: LocatedNode & { code: string | null }; ancestors: LocatedNode[] }
  | { found: false; wgs84: { lng: number; lat: number } };

/** tileUrl: XYZ tile template; null = no tiles (offline mode). */
export type MapSettings = Wire<typeof Geo.MapSettings>;

export interface Building {
  id: Id;
  gridId: Id;
  gridName: string;
  name: string;
  number: string | null;
  address: string | null;
  lng: number;
  lat: number;
}

export type SiteInfo = Wire<typeof OverviewSchema.SiteInfo>;
