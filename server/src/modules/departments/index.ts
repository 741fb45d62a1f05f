// The departments module's public interface.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { departments } from './tables.js';
export { requireManageableDepartment } from './service.js';
export { insertDepartment } from './repo.js';
export { departmentRoutes } from './routes.js';
