// The geo module's public interface: locating a point, boundaries, buildings and grid teams.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { buildings, gridTeamMembers, orgUnitGeometries } from './tables.js';
export { getMapSettings, locator, nextGridCode, onNodesRetired, onTreeChanged } from './service.js';
export { currentGeometry, bumpRevision, geometriesOnLevels, insertBuildings, insertTeamMember, setGeometry } from './repo.js';
export { ROLE_NAMES } from './team.js';
export { tally, type Moved, type NotCarried, type RehomeKind, type RehomeTarget, type Rehoming } from './rehome.js';
export { geoRoutes } from './routes.js';
