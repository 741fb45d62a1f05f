// The proxy-service module's public interface: its routes, and the catalogue writer the seed uses.
// Tables other modules may read (a resident's question pointed to an item of the catalogue).
export { proxyItems } from './tables.js';
export { proxyRoutes } from './routes.js';
export { upsertItems } from './service.js';
