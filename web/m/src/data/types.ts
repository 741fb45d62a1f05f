// GET /api/field/snapshot (CONTRACT.md "Offline data: one snapshot"): the worker's own grids, masked.
import type { Static } from 'typebox';
import type * as FieldSchema from '@server-schema/field';

export interface Pair {
  zh: string;
  en: string;
}

export interface SnapshotMember {
  id: number;
  name: string;
  /** A relation key (core/src/register/relations.ts). */
  relation: string;
  sex: string | null;
  age: number | null;
  tags: { key: string; zh: string; en: string }[];
  idMasked: string | null;
  phoneMasked: string | null;
}

export interface SnapshotHousehold {
  id: number;
  version: number;
  gridId: number;
  address: string | null;
  headName: string | null;
  members: SnapshotMember[];
  lastVisitAt: string | null;
}

/** A category as the console's case meta has it (key, kind, code, class, Chinese name, priority) plus its pinyin. */
export type SnapshotCategory = Static<typeof FieldSchema.Snapshot>['categories'][number];

export interface SnapshotGrid {
  id: number;
  code: string | null;
  name: string;
  path: string;
  communityName: string | null;
  geometry: unknown;
}

export interface ToVerify {
  id: number;
  number: string;
  categoryKey: string;
  categoryName: string | Pair;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  handledAt: string | null;
  handlingUnitName: string | null;
  handledNote: string | null;
  photoIds: number[];
}

export interface ReportedByMe {
  id: number;
  number: string;
  state: string;
  stateName: string | Pair;
  categoryName: string | Pair;
  reportedAt: string;
  reportedClientAt: string | null;
}

export interface Snapshot {
  generatedAt: string;
  me: { id: number; name: string; roles: string[] };
  grids: SnapshotGrid[];
  baseMap: { tileUrl: string | null; attribution: string | null; maxZoom: number };
  categories: SnapshotCategory[];
  recentCategories: string[];
  households: SnapshotHousehold[];
  toVerify: ToVerify[];
  reportedByMe: ReportedByMe[];
  visitsDue: { householdId: number; reason: string; dueAt: string; address: string | null; headName: string | null }[];
  residenceExpiring: { personId: number; name: string; householdId: number | null; expiresAt: string }[];
}
