// The users module's public interface.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { userDepartments, userOrgUnits, users } from './tables.js';
export { requireUser } from './service.js';
export { countByRole, insertUser, replaceScopes, recordSuccessfulLogin, setPassword } from './repo.js';
export { rehomeBindings } from './rehome.js';
export { userRoutes } from './routes.js';
