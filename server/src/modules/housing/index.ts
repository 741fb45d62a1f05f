// The housing module's public interface: its routes.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { dwellings, householdMembers, households } from './tables.js';
export { countHouseholds, insertDwellings, leaveHousehold, markHouseholdSeen } from './repo.js';
export { rehomeHousing } from './rehome.js';
export { fieldHouseholds, FIELD_HOUSEHOLD_LIMIT, type FieldHousehold } from './field.js';
export { housingRoutes } from './routes.js';
