// Shapes of the HTTP API (docs/api.md), derived from the server's schemas (see wire.ts).
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
export type Position = Wire<typeof Geo.Position>;
export type AreaGeometry = Wire<typeof Geo.AreaGeometry>;

export type GridFeatureCollection = Wire<typeof Geo.GridFeatureCollection>;
export type GridFeature = GridFeatureCollection['features'][number];
export type GridProperties = GridFeature['properties'];

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

export type TeamMember = Wire<typeof Geo.TeamMember>;

/** A split or merge: the grids retired and created, and what followed them (counts per kind, caps). */
export type EditResult = Wire<typeof Geo.EditResult>;
export type RehomeKind = EditResult['moved'][number]['kind'];

/** The grid card: the node, its parent, its size and its team. */
export type GridCard = Wire<typeof Geo.GridCard>;

/** A problem of a boundary: in a tiling report, and in the details of an INVALID_GEOMETRY answer. */
export type GeometryProblem = Wire<typeof Geo.GeometryProblem>;

/**
 * id -1 stands for the parent itself; negative ids in an import are features still to be created.
 * neighbours: overlaps of the node or its children (id) with nodes of the same level outside the
 * node (other); other and otherName are null outside the caller's scope.
 */
export type TilingReport = Wire<typeof Geo.TilingReport>;

/** The features stay unknown here: the server checks each one and names the one that is wrong. */
export type GeoImportRequest = Omit<Wire<typeof Geo.ImportBody>, 'featureCollection'> & {
  featureCollection: { type: 'FeatureCollection'; features: unknown[] };
};
export type GeoImportResult = Wire<typeof Geo.ImportResult>;

export type LocateResult = Wire<typeof Geo.LocateResult>;
export type LocatedNode = Extract<LocateResult, { found: true }>['ancestors'][number];

/** tileUrl: XYZ tile template; null = no tiles (offline mode). */
export type MapSettings = Wire<typeof Geo.MapSettings>;

export type Building = Wire<typeof Geo.Building>;

export type SiteInfo = Wire<typeof OverviewSchema.SiteInfo>;
