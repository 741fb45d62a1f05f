// Shapes of the HTTP API (docs/api.md). Keep in step with server/src/modules/*/schema.ts.

/** Database ids are integers. */
export type Id = number;

export type RoleKey =
  | 'admin'
  | 'dispatcher'
  | 'dept_handler'
  | 'community_secretary'
  | 'grid_worker_a'
  | 'grid_worker_b'
  | 'proxy_agent'
  | 'leader';

export interface ScopeRef {
  orgUnitId: Id;
  name: string;
  code: string | null;
}

export interface DepartmentRef {
  id: Id;
  name: string;
}

export interface Me {
  id: Id;
  username: string;
  displayName: string;
  roles: RoleKey[];
  permissions: string[];
  mustChangePassword: boolean;
  scopeAll: boolean;
  scopes: ScopeRef[];
  departments: DepartmentRef[];
}

export interface SessionAnswer {
  user: Me;
  csrfToken: string | null;
}

export interface ApiToken {
  id: Id;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  id: Id;
  name: string;
  token: string;
  expiresAt: string | null;
}

export interface Role {
  key: RoleKey;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

export interface Level {
  level: number;
  key: string;
  nameZh: string;
  nameEn: string;
}

export type OrgUnitStatus = 'active' | 'retired';

export interface OrgUnit {
  id: Id;
  parentId: Id | null;
  path: string;
  level: number;
  levelKey: string | null;
  /** Level name in Chinese; levelNameEn in English. */
  levelName: string | null;
  levelNameEn: string | null;
  code: string | null;
  divisionCode: string | null;
  name: string;
  status: OrgUnitStatus;
  childCount: number;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  retireReason: string | null;
}

export interface OrgUnitHit extends OrgUnit {
  pathNames: string[];
}

export interface OrgUnitAbilities {
  update: boolean;
  createChild: boolean;
  move: boolean;
  retire: boolean;
}

export interface OrgUnitDetail extends OrgUnit {
  ancestors: { id: Id; name: string; level: number }[];
  abilities: OrgUnitAbilities;
}

export interface Division {
  code: string;
  name: string;
  kind: string;
  parentName: string | null;
  /** A live node with this code exists already. */
  existing: boolean;
  children: { code: string; name: string; kind: string }[];
}

export interface DivisionImport {
  rootId: Id;
  created: number;
  skipped: number;
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: Id;
  username: string;
  displayName: string;
  phone: string | null;
  roles: RoleKey[];
  status: UserStatus;
  scopeAll: boolean;
  scopes: ScopeRef[];
  departments: DepartmentRef[];
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export const DEPARTMENT_KINDS = [
  'city_management',
  'municipal',
  'property',
  'police',
  'market',
  'housing',
  'other',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export interface Department {
  id: Id;
  name: string;
  kind: DepartmentKind;
  orgUnitId: Id;
  orgUnitName: string;
  contactName: string | null;
  contactPhone: string | null;
  status: 'active' | 'retired';
}

export interface AuditEntry {
  id: Id;
  at: string;
  actorId: Id | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}

export interface Overview {
  /** Live nodes per level in the caller's scope. */
  territory: { level: number; levelName: string | null; levelNameEn: string | null; count: number }[];
  /** Active users per role in scope; empty without user.read. */
  usersByRole: { role: string; count: number }[];
}

// Grids on the map (/api/geo). Coordinates are [lng, lat], in the crs the request asked for.

export type Crs = 'wgs84' | 'gcj02';
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
] as const;
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

export interface MapSettings {
  /** XYZ tile template; null = no tiles (offline mode). */
  tileUrl: string | null;
  labelUrl?: string | null;
  subdomains?: string;
  crs: Crs;
  attribution?: string;
}

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

export interface SiteInfo {
  name: string;
  timeZone: string;
}
