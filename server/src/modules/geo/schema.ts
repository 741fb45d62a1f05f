import Type from 'typebox';
import { Literals, Name, Nullable, Phone, Timestamp } from '../../http/schemas.js';
import { OrgUnit } from '../territory/schema.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const BUILDING_NUMBER = '^[0-9A-Za-z\\-#号栋幢楼座单元]+$';

/** Coordinate reference of the coordinates sent or wanted: stored data is always WGS-84. */
export const Crs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], { default: 'wgs84', description: 'wgs84 (GPS, 天地图) or gcj02 (AMap, Tencent)' });

/** A GeoJSON Polygon or MultiPolygon; rings are checked in depth by the service (closure, crossings, ranges). */
export const GeometryInput = Type.Object(
  {
    type: Type.String({ description: 'Polygon or MultiPolygon' }),
    coordinates: Type.Array(Type.Unknown(), { description: 'GeoJSON coordinates, [lng, lat]' }),
  },
  { additionalProperties: false },
);

export const FeatureInput = Type.Object(
  {
    type: Type.Literal('Feature'),
    geometry: Type.Unknown({ description: 'Polygon or MultiPolygon' }),
    properties: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
    id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  },
  { additionalProperties: true },
);

export const FeaturesQuery = Type.Object(
  {
    rootId: Type.Optional(Id),
    crs: Type.Optional(Crs),
    includeDrafts: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export const CrsQuery = Type.Object({ crs: Type.Optional(Crs) }, { additionalProperties: false });

export const BuildingsQuery = Type.Object({ rootId: Id }, { additionalProperties: false });

export const GeometryBody = Type.Object(
  {
    geometry: GeometryInput,
    crs: Type.Optional(Crs),
    draft: Type.Optional(Type.Boolean({ default: false, description: 'keep as a draft even if the tiling breaks' })),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    parentId: Id,
    crs: Type.Optional(Crs),
    match: Type.Optional(Type.Union([Type.Literal('code'), Type.Literal('name')], { default: 'code', description: 'how features find existing children' })),
    createMissing: Type.Optional(Type.Boolean({ default: true, description: 'create a child for a feature that matches none' })),
    level: Type.Optional(Type.Integer({ minimum: 0, maximum: 15, description: 'level of created children (default: one below the parent)' })),
    draft: Type.Optional(Type.Boolean({ default: false, description: 'keep as drafts even if the tiling breaks' })),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check and report, write nothing' })),
    featureCollection: Type.Object(
      { type: Type.Literal('FeatureCollection'), features: Type.Array(FeatureInput, { minItems: 1, maxItems: 20000 }) },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: false },
);

export const LocateQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    crs: Type.Optional(Crs),
  },
  { additionalProperties: false },
);

export const LocateBatchBody = Type.Object(
  {
    crs: Type.Optional(Crs),
    points: Type.Array(
      Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 10000 },
    ),
  },
  { additionalProperties: false },
);

export const SplitBody = Type.Object(
  {
    line: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { minItems: 2, maxItems: 1000, description: 'cutting line [lng, lat][], ends outside the grid' }),
    crs: Type.Optional(Crs),
    names: Type.Tuple([Name(100, 'name of the first piece'), Name(100, 'name of the second piece')]),
  },
  { additionalProperties: false },
);

export const MergeBody = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 2, maxItems: 20, uniqueItems: true, description: 'neighbouring sibling grids' }),
    name: Name(100, 'name of the merged grid'),
  },
  { additionalProperties: false },
);

export const TEAM_ROLES = ['grid_leader', 'grid_worker_a', 'grid_worker_b', 'proxy_agent', 'police', 'property', 'volunteer', 'other'] as const;

export const TeamMemberBody = Type.Object(
  {
    role: Literals(TEAM_ROLES, { description: '网格长, A/B岗网格员, 代办员, 民警, 物业, 志愿者, 其他' }),
    userId: Type.Optional(Id),
    name: Type.Optional(Name(50, 'name (taken from the account when userId is given)')),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);

const BuildingRow = Type.Object(
  {
    name: Name(100, 'e.g. 2号楼'),
    number: Type.Optional(Type.String({ maxLength: 32, pattern: BUILDING_NUMBER })),
    address: Type.Optional(Name(200, 'e.g. 纬五路13号院2号楼')),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

/** Buildings come as rows, as CSV text (名称,编号,地址,经度,纬度) or as GeoJSON points/footprints: exactly one. */
export const BuildingsImportBody = Type.Object(
  {
    rootId: Id,
    crs: Type.Optional(Crs),
    buildings: Type.Optional(Type.Array(BuildingRow, { minItems: 1, maxItems: 20000 })),
    csv: Type.Optional(Type.String({ minLength: 1, maxLength: 5_000_000, description: 'CSV with a header row: 名称/name, 编号/number, 地址/address, 经度/lng, 纬度/lat' })),
    featureCollection: Type.Optional(
      Type.Object(
        { type: Type.Literal('FeatureCollection'), features: Type.Array(FeatureInput, { minItems: 1, maxItems: 20000 }) },
        { additionalProperties: true, description: 'Point or Polygon features with properties name, number, address' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MapSettings = Type.Object(
  {
    tileUrl: Nullable(Type.String({ maxLength: 500, pattern: '^https?://[^\\s<>"]+$', description: 'XYZ template, e.g. https://t{s}.tianditu.gov.cn/vec_w/wmts?…&tk={key}; null = no tiles (offline)' })),
    labelUrl: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^https?://[^\\s<>"]+$', description: 'optional annotation layer' }))),
    subdomains: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9a-z]*$' })),
    crs: Crs,
    attribution: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^<>]*$' })),
  },
  { additionalProperties: false },
);

// Answers. Coordinates are [lng, lat] in the crs the request asked for (stored WGS-84 otherwise).

export const Position = Type.Tuple([Type.Number(), Type.Number()], { description: '[lng, lat]' });

/** A boundary as the map draws it: a GeoJSON Polygon or MultiPolygon. */
export const AreaGeometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position), { description: 'outer ring, then holes; each ring closed' }) }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Position)), { description: 'polygons, each as a Polygon’s rings' }) }),
]);

export const GridFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.Integer({ description: 'the node id (a node with a draft appears twice with includeDrafts)' }),
      geometry: AreaGeometry,
      properties: Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        code: Nullable(Type.String()),
        level: Type.Integer({ description: 'depth index of the level' }),
        levelName: Nullable(Type.String({ description: 'level name in Chinese' })),
        levelNameEn: Nullable(Type.String()),
        parentId: Nullable(Type.Integer()),
        areaM2: Type.Number({ description: 'area in m², rounded' }),
        draft: Type.Boolean({ description: 'a draft boundary (not used for locating)' }),
        labelAt: Position, // a point inside the shape for its label
        validFrom: Timestamp,
      }),
    }),
  ),
});

export const TeamMember = Type.Object({
  id: Type.Integer(),
  role: Literals(TEAM_ROLES),
  name: Type.String(),
  phone: Nullable(Type.String()),
  userId: Nullable(Type.Integer({ description: 'the staff account, when the member has one' })),
});
export const TeamList = Type.Object({ items: Type.Array(TeamMember) });

/** The grid card: the node, its parent, its size and its team. */
export const GridCard = Type.Intersect([
  OrgUnit,
  Type.Object({
    parent: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    areaM2: Nullable(Type.Number({ description: 'area of the current boundary in m², rounded; null without one' })),
    geometryValidFrom: Nullable(Timestamp),
    households: Type.Integer({ description: 'active households registered in the node and below' }),
    buildings: Type.Integer({ description: 'buildings in the node and below' }),
    team: Type.Array(TeamMember),
  }),
]);

/** A problem of a boundary (also the `problems` of an INVALID_GEOMETRY answer's details). */
export const GeometryProblem = Type.Object({
  code: Type.String({ description: 'e.g. RING_NOT_CLOSED, SELF_INTERSECTION' }),
  ring: Type.Optional(Type.Integer({ description: 'ring index in its polygon: 0 outer, 1.. holes' })),
  polygon: Type.Optional(Type.Integer({ description: 'polygon index in a MultiPolygon' })),
  at: Type.Optional(Position),
  zh: Type.String(),
  en: Type.String(),
});

const AreaM2 = Type.Number({ description: 'm², one decimal' });

/** How a node's children tile it, and how the node and its children overlap their level elsewhere. */
export const TilingReport = Type.Object({
  ok: Type.Boolean(),
  gaps: Type.Array(Type.Object({ geometry: AreaGeometry, areaM2: AreaM2 }), { description: 'parent area covered by no child' }),
  overlaps: Type.Array(Type.Object({ a: Type.Integer(), b: Type.Integer(), geometry: AreaGeometry, areaM2: AreaM2 }), { description: 'children a and b overlap' }),
  outside: Type.Array(Type.Object({ id: Type.Integer(), geometry: AreaGeometry, areaM2: AreaM2 }), { description: 'child area outside the parent' }),
  invalid: Type.Array(Type.Object({ id: Type.Integer(), problems: Type.Array(GeometryProblem) }), {
    description: 'invalid boundaries; id -1 is the parent itself, other negative ids are features an import would create',
  }),
  neighbours: Type.Array(
    Type.Object({
      id: Type.Integer(),
      other: Nullable(Type.Integer({ description: 'null outside the caller’s scope' })),
      otherName: Nullable(Type.String({ description: 'null outside the caller’s scope' })),
      geometry: AreaGeometry,
      areaM2: AreaM2,
    }),
    { description: 'the node or a child (id) overlapping a node of its level outside the node (other)' },
  ),
  slivers: Type.Integer({ description: 'pieces ignored as numerical noise' }),
});

export const ImportResult = Type.Object({
  matched: Type.Integer({ description: 'existing children re-drawn' }),
  created: Type.Integer({ description: 'children created' }),
  report: TilingReport,
  written: Type.Boolean({ description: 'false for a dry run' }),
  draft: Type.Optional(Type.Boolean({ description: 'written as drafts (the tiling is broken)' })),
});

export const GeometrySaved = Type.Object({
  geometryId: Type.Integer(),
  areaM2: Type.Number({ description: 'm², rounded' }),
  draft: Type.Boolean(),
  gaps: Type.Integer({ description: 'gaps left among the siblings (drawing one by one leaves some until the last)' }),
});

const LocatedNode = { id: Type.Integer(), name: Type.String(), level: Type.Integer(), levelName: Nullable(Type.String()) };
const Wgs84 = Type.Object({ lng: Type.Number(), lat: Type.Number() }, { description: 'the point in WGS-84' });

/** The grid of a point and its ancestors; not found outside every grid and outside the caller's scope. */
export const LocateResult = Type.Union([
  Type.Object({
    found: Type.Literal(true),
    wgs84: Wgs84,
    grid: Type.Object({ ...LocatedNode, code: Nullable(Type.String()) }),
    ancestors: Type.Array(Type.Object(LocatedNode), { description: 'root first' }),
  }),
  Type.Object({ found: Type.Literal(false), wgs84: Wgs84 }),
]);

export const LocateBatchResult = Type.Object({
  results: Type.Array(
    Type.Union([
      Type.Object({
        found: Type.Literal(true),
        grid: Type.Object({ id: Type.Integer(), name: Type.String(), code: Nullable(Type.String()) }),
        path: Type.Array(Type.Integer(), { description: 'ids of the ancestors, root first' }),
      }),
      Type.Object({ found: Type.Literal(false) }),
    ]),
    { description: 'one per point, in order' },
  ),
});

/** What follows a re-drawn grid: register records, open cases, team members and account bindings. */
export const REHOME_KINDS = ['building', 'dwelling', 'household', 'rental', 'person', 'place', 'component', 'case', 'visitReminder', 'routingRule', 'teamMember', 'userBinding'] as const;

/** Split and merge: the grids retired, the grids that replace them, and what moved to them. */
export const EditResult = Type.Object({
  retired: Type.Array(Type.Integer()),
  created: Type.Array(Type.Integer(), { description: 'the new grids, in the order of the names given' }),
  moved: Type.Array(
    Type.Object({
      kind: Literals(REHOME_KINDS),
      moved: Type.Integer({ description: 'records (for userBinding: accounts) moved to the new grids' }),
      byFallback: Type.Integer({ description: 'split: records without a usable location put on the fallback piece' }),
      to: Type.Array(Type.Object({ gridId: Type.Integer(), count: Type.Integer() }), { description: 'how many went to each new grid' }),
    }),
    { description: 'one entry per kind, in a fixed order; open cases only (closed ones keep their grid)' },
  ),
  notCarried: Type.Array(
    Type.Object({
      kind: Literals(['teamMember', 'userBinding'] as const),
      name: Type.String(),
      gridId: Type.Integer({ description: 'the new grid the binding was not made on' }),
      reason: Literals(['cap'] as const, { description: 'cap: the person would serve more than four grids' }),
    }),
  ),
  fallbackGridId: Nullable(Type.Integer({ description: 'split: the piece holding the old grid’s label point (else the larger), where records without a location went; null for a merge' })),
});

export const Building = Type.Object({
  id: Type.Integer(),
  gridId: Type.Integer({ description: 'the grid it lies in' }),
  gridName: Type.String(),
  name: Type.String(),
  number: Nullable(Type.String()),
  address: Nullable(Type.String()),
  lng: Type.Number(),
  lat: Type.Number(),
});
export const BuildingList = Type.Object({ items: Type.Array(Building) });
export const BuildingsImported = Type.Object({ imported: Type.Integer() });

export const PublicGridParams = Type.Object(
  { gridCode: Type.String({ pattern: '^([0-9]{6,20}|g[1-9][0-9]{0,9})$', description: 'the grid code on the QR card (/r/{gridCode})' }) },
  { additionalProperties: false },
);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
export const PublicGrid = Type.Object({
  code: Type.String(),
  name: Type.String(),
  trail: Type.Array(Type.String(), { description: 'the nodes above the grid, from the top (district … community)' }),
  team: Type.Array(Type.Object({ role: Type.String(), roleName: Label, name: Type.String(), phone: Nullable(Type.String()) })),
});
