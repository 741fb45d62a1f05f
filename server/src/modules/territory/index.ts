// The territory module's public interface: nodes in the caller's scope, names along paths, levels.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { orgUnits, territoryLevels } from './tables.js';
export { requireNode, requireRecordNode, levelMap, overview } from './service.js';
export { auditSnapshot, presentNode } from './present.js';
export { insertNode, countActiveDescendants, retireSubtree, namesAlongPaths, findActiveByCode, type OrgUnitRow } from './repo.js';
export { importDivision } from './division-import.js';
export { territoryRoutes } from './routes.js';
