// The notifications module's public interface: the one path that writes notifications, and its routes.
// Tables other modules may read in their own queries (joins, scope). Only this module writes them
// (the lint rule `civicgrid/no-foreign-table-writes` checks insert/update/delete).
export { notifications } from './tables.js';
export { notifyMany, notifyUsers, type NotificationSpec } from './notify.js';
export { notificationRoutes } from './routes.js';
