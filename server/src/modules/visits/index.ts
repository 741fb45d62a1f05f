// The visits module's public interface: its routes.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { visits } from './tables.js';
export { lastVisitsOf } from './repo.js';
export { fieldVisits } from './field.js';
export { rehomeReminders } from './rehome.js';
export { visitRoutes } from './routes.js';
