// The proxy-service module's public interface: its routes (staff, and the resident pages'), the catalogue writer the seed uses, its
// requests' deadlines for the deadline scan, and the tables other modules may read (a resident's
// question pointed to an item of the catalogue).
export { proxyItems } from './tables.js';
export { proxyRoutes } from './routes.js';
export { proxyResidentRoutes } from './resident.js';
export { upsertItems } from './service.js';
export { PROXY_DEADLINES } from './deadlines.js';
