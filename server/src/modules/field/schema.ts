// The field app's offline snapshot (CONTRACT.md "Offline data: one snapshot").
import Type from 'typebox';
import { Nullable, Timestamp } from '../../http/schemas.js';
import { CaseCategory } from '../cases/schema.js';
import { FieldHousehold } from '../housing/schema.js';

const Name = Type.Object({ zh: Type.String(), en: Type.String() });

export const Snapshot = Type.Object({
  generatedAt: Timestamp,
  me: Type.Object({ id: Type.Integer(), name: Type.String(), roles: Type.Array(Type.String()) }),
  grids: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Nullable(Type.String()),
      name: Type.String(),
      path: Type.String({ description: 'names from the top, e.g. 金水区 › 花园路街道 › 通信花园社区 › 第一网格' }),
      communityName: Nullable(Type.String()),
      geometry: Nullable(Type.Unknown({ description: 'GeoJSON Polygon/MultiPolygon, WGS-84' })),
    }),
    { description: 'the grids the worker is bound to (or, for a community, its grids)' },
  ),
  baseMap: Type.Object({ tileUrl: Nullable(Type.String()), attribution: Nullable(Type.String()), maxZoom: Type.Integer() }),
  categories: Type.Array(
    // The console's shape (case meta) and the pinyin the phone searches by; names in Chinese only.
    Type.Object({
      ...CaseCategory.properties,
      pinyin: Type.String({ description: 'whole syllables, e.g. lajiduifang' }),
      initials: Type.String({ description: 'first letters, e.g. ljdf' }),
    }),
    { description: 'the enabled categories' },
  ),
  recentCategories: Type.Array(Type.String(), { description: 'category keys of the worker’s own recent reports, newest first' }),
  households: Type.Array(FieldHousehold),
  toVerify: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      categoryKey: Type.String(),
      categoryName: Type.String(),
      description: Type.String(),
      lng: Type.Number(),
      lat: Type.Number(),
      address: Nullable(Type.String()),
      handledAt: Nullable(Timestamp),
      handlingUnitName: Nullable(Type.String()),
      handledNote: Nullable(Type.String()),
      photoIds: Type.Array(Type.Integer()),
    }),
  ),
  reportedByMe: Type.Array(
    Type.Object({ id: Type.Integer(), number: Type.String(), state: Type.String(), stateName: Name, categoryName: Type.String(), reportedAt: Timestamp, reportedClientAt: Nullable(Timestamp) }),
  ),
  visitsDue: Type.Array(Type.Object({ householdId: Type.Integer(), reason: Type.String(), dueAt: Type.String({ description: 'YYYY-MM-DD' }), address: Nullable(Type.String()), headName: Nullable(Type.String()) })),
  residenceExpiring: Type.Array(Type.Object({ personId: Type.Integer(), name: Type.String(), householdId: Nullable(Type.Integer()), expiresAt: Type.String({ description: 'YYYY-MM-DD' }) })),
});
