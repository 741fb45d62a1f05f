// Shapes territory rows for the API.
import type { TerritoryLevel } from '../../../../core/src/territory-levels.js';
import type { OrgUnitRow } from './repo.js';

export function presentNode(row: { node: OrgUnitRow; childCount: number }, levels: Map<number, TerritoryLevel>) {
  const { node } = row;
  const level = levels.get(node.level);
  return {
    id: node.id,
    parentId: node.parentId,
    path: node.path,
    level: node.level,
    levelKey: level?.key ?? null,
    levelName: level?.nameZh ?? null,
    levelNameEn: level?.nameEn ?? null,
    code: node.code,
    divisionCode: node.divisionCode,
    name: node.name,
    officialName: node.officialName,
    status: node.status as 'active' | 'retired',
    childCount: row.childCount,
    sortOrder: node.sortOrder,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    retiredAt: node.retiredAt,
    retireReason: node.retireReason,
  };
}

/** The audit snapshot of a node: what a reader of the log needs to see. */
export function auditSnapshot(node: OrgUnitRow) {
  return {
    name: node.name,
    officialName: node.officialName,
    code: node.code,
    level: node.level,
    parentId: node.parentId,
    path: node.path,
    status: node.status,
    sortOrder: node.sortOrder,
  };
}
