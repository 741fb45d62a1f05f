import Type from 'typebox';
import { Name, Nullable, Text, Timestamp } from '../../http/schemas.js';

/** A node code: digits (division or GB/T 30428.1 grid code) or a local code of letters/digits. */
export const NodeCode = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$', description: 'unique code among live nodes' });

export const Level = Type.Object({
  level: Type.Integer({ minimum: 0, maximum: 15, description: 'depth index, 0 = top' }),
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', description: 'stable machine key' }),
  nameZh: Name(32, 'Chinese name, e.g. 社区'),
  nameEn: Name(64, 'English name, e.g. Community'),
}, { additionalProperties: false });

export const LevelsBody = Type.Object({ items: Type.Array(Level, { minItems: 2, maxItems: 16 }) }, { additionalProperties: false });
export const LevelsResponse = Type.Object({ items: Type.Array(Level) });

export const OrgUnit = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  path: Type.String({ description: 'ltree path of ids, root first' }),
  level: Type.Integer(),
  levelKey: Nullable(Type.String()),
  levelName: Nullable(Type.String({ description: 'level name in Chinese' })),
  levelNameEn: Nullable(Type.String()),
  code: Nullable(Type.String()),
  divisionCode: Nullable(Type.String({ description: '12-digit national division code, when from one' })),
  name: Type.String(),
  officialName: Nullable(Type.String({ description: 'full name in the 统计用区划代码 (e.g. 南龙头居民委员会), when imported' })),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired')]),
  childCount: Type.Integer({ description: 'children (active only unless includeRetired)' }),
  sortOrder: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  retiredAt: Nullable(Timestamp),
  retireReason: Nullable(Type.String()),
});

export const OrgUnitDetail = Type.Intersect([
  OrgUnit,
  Type.Object({
    ancestors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.Integer() })),
    abilities: Type.Object({
      update: Type.Boolean(),
      createChild: Type.Boolean(),
      move: Type.Boolean(),
      retire: Type.Boolean(),
    }),
  }),
]);

export const OrgUnitList = Type.Object({ items: Type.Array(OrgUnit) });
export const SearchResult = Type.Object({
  items: Type.Array(Type.Intersect([OrgUnit, Type.Object({ pathNames: Type.Array(Type.String()) })])),
});

export const ListQuery = Type.Object(
  {
    parentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'omit for the scope roots' })),
    includeRetired: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 50, description: 'part of a name, or the start of a code' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    parentId: Nullable(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'null: a new root (deployment-wide admins only)' })),
    name: Name(100, 'node name, e.g. 通信花园社区第三网格'),
    level: Type.Integer({ minimum: 0, maximum: 15, description: 'a level deeper than the parent' }),
    code: Type.Optional(NodeCode),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    name: Type.Optional(Name(100, 'new name')),
    code: Type.Optional(Nullable(NodeCode)),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MoveBody = Type.Object(
  { parentId: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the new parent' }) },
  { additionalProperties: false },
);

export const RetireBody = Type.Object(
  {
    reason: Text(200, 'why the node is retired', 2),
    cascade: Type.Optional(Type.Boolean({ default: false, description: 'also retire active descendants' })),
  },
  { additionalProperties: false },
);
export const RetireResult = Type.Object({ retired: Type.Integer() });

export const DivisionParams = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$|^[0-9]{9}$', description: '6-digit county or 9-digit street code' }) },
  { additionalProperties: false },
);

export const Division = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'the name the node will carry, e.g. 南龙头社区' }),
  officialName: Type.String({ description: 'the name in the code tables, e.g. 南龙头居民委员会' }),
  kind: Type.String(),
});
/** Which edition of the national code tables the server's division data is. */
export const DivisionData = Type.Object({
  year: Type.Integer({ description: 'edition of the 统计用区划代码, e.g. 2023' }),
  asOf: Type.String({ description: 'the date the edition describes (YYYY-MM-DD)' }),
  published: Type.String({ description: 'the date 国家统计局 published it (YYYY-MM-DD)' }),
  package: Type.String({ description: 'the npm package holding it' }),
  packageVersion: Type.String(),
});
export const DivisionPreview = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'the name the node will carry' }),
  officialName: Type.String({ description: 'the name in the code tables' }),
  kind: Type.String(),
  parentName: Nullable(Type.String()),
  existing: Type.Boolean({ description: 'a live node with this code exists already' }),
  children: Type.Array(Division),
  data: DivisionData,
});

export const ImportBody = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]{6}$|^[0-9]{9}$', description: '6-digit county or 9-digit street code' }),
    parentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'where to attach the county' })),
  },
  { additionalProperties: false },
);
export const ImportResult = Type.Object({ rootId: Type.Integer(), created: Type.Integer(), skipped: Type.Integer() });
