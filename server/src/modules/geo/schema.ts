import Type from 'typebox';
import { Literals, Name, Nullable, Phone } from '../../http/schemas.js';

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
